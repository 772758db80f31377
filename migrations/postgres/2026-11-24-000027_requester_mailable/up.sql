-- Whether a request's (an objection's) requester has an address mail can reach, kept on the row: requesters never
-- change, and the mail planner's candidate queries then read only rows it can act on. Before, each 10-second pass
-- checked `requester_id IN (mailable requesters)`, which scanned every requester, and re-read every overdue request
-- of a requester without an address. New rows get it from service::mail::is_mailable; existing rows from the same
-- rule here (no address, or one in the reserved `.invalid` domain).
ALTER TABLE requests ADD COLUMN requester_mailable BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE objections ADD COLUMN requester_mailable BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE requests SET requester_mailable = (
    SELECT trim(q.email) <> '' AND lower(rtrim(trim(q.email), '.')) NOT LIKE '%.invalid'
        AND lower(rtrim(trim(q.email), '.')) NOT LIKE '%@invalid'
    FROM requesters q WHERE q.id = requests.requester_id);
UPDATE objections SET requester_mailable = (
    SELECT trim(q.email) <> '' AND lower(rtrim(trim(q.email), '.')) NOT LIKE '%.invalid'
        AND lower(rtrim(trim(q.email), '.')) NOT LIKE '%@invalid'
    FROM requesters q WHERE q.id = objections.requester_id);
CREATE INDEX requests_mail_overdue ON requests (requester_mailable, state, notice_due);
CREATE INDEX requests_mail_objection_window ON requests (requester_mailable, c3_due);
CREATE INDEX objections_mail_dispute_window ON objections (requester_mailable, c5_due);
