-- Mail about people, not cases (issue 6).
-- The language an officer, atasan or auditor reads their mail in.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'id';

-- An address the mail server refused permanently (a 5xx answer to RCPT or DATA). Shown on every request of a
-- requester with this address, so the officer sends statutory notices another way. Cleared when a later mail to
-- the address is accepted.
CREATE TABLE mail_failing_addresses (
    address TEXT NOT NULL PRIMARY KEY,
    failed_at TIMESTAMP NOT NULL,
    answer TEXT NOT NULL
);

-- Requesters who asked for no more reminders (non-statutory mail). Statutory notices still go.
CREATE TABLE mail_opt_outs (
    requester_id TEXT NOT NULL PRIMARY KEY REFERENCES requesters (id),
    opted_out_at TIMESTAMP NOT NULL
);

-- The officer's task when a statutory mail to a requester died: send it another way, then record how.
ALTER TABLE mail_outbox ADD COLUMN handled_at TIMESTAMP;
ALTER TABLE mail_outbox ADD COLUMN handled_by TEXT;
ALTER TABLE mail_outbox ADD COLUMN handled_note TEXT NOT NULL DEFAULT '';
CREATE INDEX mail_outbox_case ON mail_outbox (case_id);
