-- Officer, atasan, auditor and administrator accounts; sign-in links; sessions (in the database, so several
-- instances share them).
CREATE TABLE users (
    id TEXT NOT NULL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'ppid_utama', 'ppid_pelaksana', 'atasan_ppid', 'ki_auditor')),
    body_id TEXT REFERENCES public_bodies (id),
    unit_id TEXT REFERENCES units (id),
    jurisdiction_id TEXT REFERENCES ki_jurisdictions (id),
    password_hash TEXT,
    must_change_password BOOLEAN NOT NULL,
    disabled_at TIMESTAMP,
    failed_logins BIGINT NOT NULL,
    locked_until TIMESTAMP,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- One-time links to set a password (first administrator, new account, reset). Only the token's hash is kept.
CREATE TABLE sign_in_links (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('first_admin', 'new_account', 'reset')),
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
