-- Documents a requester gives with a request: an identity scan (KTP), a power of attorney. The files are encrypted
-- (AEAD) in the upload store; the table records what they are and the SHA-256 of the original.
CREATE TABLE requester_documents (
    id TEXT NOT NULL PRIMARY KEY,
    requester_id TEXT NOT NULL REFERENCES requesters (id),
    kind TEXT NOT NULL CHECK (kind IN ('identity_scan', 'power_of_attorney')),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX requester_documents_requester ON requester_documents (requester_id);
