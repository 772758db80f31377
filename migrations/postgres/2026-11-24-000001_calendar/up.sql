-- The working-day calendar (domain.md §3): versioned, append-only data.
CREATE TABLE calendar_versions (
    version BIGINT NOT NULL PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    source TEXT NOT NULL,
    note TEXT NOT NULL,
    entries_added BIGINT NOT NULL
);

CREATE TABLE calendar_entries (
    id TEXT NOT NULL PRIMARY KEY,
    day DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'cuti_bersama', 'keppres', 'local', 'removed')),
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    known_from DATE NOT NULL,
    -- '' for national entries, so that the unique key below also holds for them.
    jurisdiction TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL REFERENCES calendar_versions (version),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (day, jurisdiction, known_from)
);
CREATE INDEX calendar_entries_version ON calendar_entries (version);

-- History is never edited: a change is a new entry with a later known_from.
CREATE FUNCTION terbuka_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER calendar_entries_append_only BEFORE UPDATE OR DELETE ON calendar_entries
    FOR EACH ROW EXECUTE FUNCTION terbuka_refuse_change();
CREATE TRIGGER calendar_versions_append_only BEFORE UPDATE OR DELETE ON calendar_versions
    FOR EACH ROW EXECUTE FUNCTION terbuka_refuse_change();
