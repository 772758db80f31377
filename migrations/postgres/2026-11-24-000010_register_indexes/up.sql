-- The internal registers page through a body's cases in order of receipt (keyset paging on received_at, id).
CREATE INDEX requests_register ON requests (body_id, received_at, id);
CREATE INDEX objections_register ON objections (body_id, received_at, id);
