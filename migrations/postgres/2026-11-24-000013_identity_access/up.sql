-- Who decrypted or opened a requester's identity data (the NIK, shown masked, and identity documents), and when
-- (domain.md §8). Shown on the request's page to its officers and to KI auditors; never the data itself.
CREATE TABLE identity_access_log (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    case_id TEXT NOT NULL,
    requester_id TEXT NOT NULL,
    what TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX identity_access_log_case ON identity_access_log (case_id, at);
