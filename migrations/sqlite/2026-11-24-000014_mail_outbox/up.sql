-- Every email is first a row here, written in the same transaction as the change that causes it. Workers claim
-- due rows with a lease, send outside the transaction, and record the outcome. The message's variables are
-- encrypted (they may carry a tracking link) and cleared once sent.
CREATE TABLE mail_outbox (
    id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    language TEXT NOT NULL,
    params_encrypted TEXT NOT NULL,
    case_id TEXT,
    dedupe_key TEXT UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
    attempts BIGINT NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_until TIMESTAMP,
    last_error TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
