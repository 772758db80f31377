-- Two-step sign-in with an authenticator app (TOTP, RFC 6238). The secret is encrypted like NIKs; a row whose
-- enabled_at is empty is an enrolment not yet confirmed with a code. last_step stops a code being used twice.
CREATE TABLE second_factors (
    user_id TEXT NOT NULL PRIMARY KEY REFERENCES users (id),
    secret_encrypted TEXT NOT NULL,
    enabled_at TIMESTAMP,
    last_step BIGINT,
    created_at TIMESTAMP NOT NULL
);

-- One-time recovery codes for a lost phone, stored as SHA-256 only.
CREATE TABLE recovery_codes (
    code_hash TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    used_at TIMESTAMP
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Between a correct password and the code: a short-lived challenge (in the database, so any instance can finish).
CREATE TABLE second_factor_challenges (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL
);
