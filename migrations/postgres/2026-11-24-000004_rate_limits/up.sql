-- Submissions counted per client address and per email, so that several instances apply one limit. Keys are
-- keyed hashes (HMAC), never the address or email itself.
CREATE TABLE rate_limit_hits (
    id TEXT NOT NULL PRIMARY KEY,
    bucket TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX rate_limit_hits_lookup ON rate_limit_hits (bucket, key_hash, at);
CREATE INDEX rate_limit_hits_at ON rate_limit_hits (at);
