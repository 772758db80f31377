-- Documents the body provides to the requester (the information itself, or a redacted copy). Files are encrypted in
-- the upload store; each attachment is also an event in the request's chain, with the file's SHA-256.
CREATE TABLE response_documents (
    id TEXT NOT NULL PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX response_documents_request ON response_documents (request_id);

-- An objection filed through a representative (kuasa).
ALTER TABLE objections ADD COLUMN representative_name TEXT NOT NULL DEFAULT '';
