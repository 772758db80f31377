-- Frozen compliance figures (issue 7): when a year closes (31 March of the next year, when its report is due)
-- the figures of each body and each KI jurisdiction are stored as canonical JSON (RFC 8785) with their SHA-256.
-- Rows are never changed: a correction is a new version that names the one it replaces.
CREATE TABLE compliance_snapshots (
    id TEXT PRIMARY KEY NOT NULL,
    -- 'body' (scope = the body's id) or 'jurisdiction' (scope = the KI's code).
    scope_kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    -- '2025' (a year).
    period TEXT NOT NULL,
    version BIGINT NOT NULL,
    supersedes TEXT NULL REFERENCES compliance_snapshots (id),
    reason TEXT NOT NULL DEFAULT '',
    document TEXT NOT NULL,
    digest TEXT NOT NULL,
    frozen_by TEXT NULL,
    frozen_at TIMESTAMP NOT NULL,
    UNIQUE (scope_kind, scope, period, version)
);
