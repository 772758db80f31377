-- A request's objections and an objection's disputes are read on every tracking and case page, and by the mail
-- planner's candidate queries; without these indexes each read scanned every objection or dispute.
CREATE INDEX objections_request ON objections (request_id);
CREATE INDEX disputes_objection ON disputes (objection_id);
