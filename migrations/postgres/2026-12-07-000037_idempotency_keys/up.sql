-- Answers to retried submissions: a client that sends the same `Idempotency-Key` again within a day (the API's
-- POSTs), or a browser that sends the same request form twice, gets the first answer again instead of making a
-- second request. The key is kept as a keyed hash (never itself); the answer and its Location, which may carry a
-- private tracking link, are encrypted. `request_hash` is the SHA-256 of what was sent, so that a key reused for
-- something else is refused.
CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body_encrypted TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, key_hash)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
