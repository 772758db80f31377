-- An atasan PPID who overturns the PPID (wholly or in part) orders disclosure: what is to be given and by when.
-- The order itself is in the objection's `decided` event; the row keeps its deadline and the day it was carried
-- out, so the PPID's queue, the compliance figures and the grounds (e)/(g) of a later objection read them without
-- replaying events. Decisions recorded before this migration ordered nothing, so existing rows stay NULL.
--
-- And an objection the PPID closes as the same as another gets the state 'duplicate'. SQLite cannot change a
-- CHECK constraint, so the table is built again by the procedure of sqlite.org/lang_altertable.html: foreign keys
-- off (disputes refer to objections), one transaction of our own (metadata.toml: diesel's would not let the
-- pragma change), the view that reads the table made again around it, and every reference checked before commit.
PRAGMA foreign_keys = OFF;
BEGIN;
DROP VIEW tracking_stamps;
CREATE TABLE objections_new (
    id TEXT NOT NULL PRIMARY KEY,
    body_id TEXT NOT NULL REFERENCES public_bodies (id),
    request_id TEXT REFERENCES requests (id),
    requester_id TEXT NOT NULL REFERENCES requesters (id),
    registration_number TEXT NOT NULL,
    registration_year BIGINT NOT NULL,
    registration_seq BIGINT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('web', 'email', 'letter', 'desk', 'oral', 'social_media', 'api')),
    received_at TIMESTAMP NOT NULL,
    received_on DATE NOT NULL,
    grounds TEXT NOT NULL,
    summary TEXT NOT NULL,
    late BOOLEAN NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('registered', 'decided', 'withdrawn', 'duplicate')),
    c4_due DATE NOT NULL,
    -- C5: the last day to go to the KI (from the decision's receipt, or the end of C4 without one).
    c5_due DATE,
    calendar_version BIGINT NOT NULL,
    decided_on DATE,
    outcome TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    representative_name TEXT NOT NULL DEFAULT '',
    compliance TEXT NOT NULL DEFAULT '',
    requester_mailable BOOLEAN NOT NULL DEFAULT 0,
    order_due DATE NULL,
    order_carried_out_on DATE NULL,
    UNIQUE (body_id, registration_year, registration_seq),
    UNIQUE (body_id, registration_number)
);
INSERT INTO objections_new (id, body_id, request_id, requester_id, registration_number, registration_year, registration_seq, channel, received_at, received_on, grounds, summary, late, state, c4_due, c5_due, calendar_version, decided_on, outcome, version, created_at, updated_at, representative_name, compliance, requester_mailable)
SELECT id, body_id, request_id, requester_id, registration_number, registration_year, registration_seq, channel, received_at, received_on, grounds, summary, late, state, c4_due, c5_due, calendar_version, decided_on, outcome, version, created_at, updated_at, representative_name, compliance, requester_mailable FROM objections;
DROP TABLE objections;
ALTER TABLE objections_new RENAME TO objections;
CREATE INDEX objections_open_deadline ON objections (state, c4_due);
CREATE INDEX objections_dispute_window ON objections (c5_due);
CREATE INDEX objections_register ON objections (body_id, received_at, id);
CREATE INDEX objections_request ON objections (request_id);
CREATE INDEX objections_mail_dispute_window ON objections (requester_mailable, c5_due);
-- The orders still to carry out, by body and deadline (the queue and the live overdue figure).
CREATE INDEX objections_open_orders ON objections (body_id, order_due) WHERE order_carried_out_on IS NULL;
CREATE VIEW tracking_stamps AS
SELECT
    r.id AS request_id,
    r.tracking_token_hash AS token_hash,
    r.version AS request_version,
    b.version AS body_version,
    COALESCE((SELECT u.version FROM units u WHERE u.id = r.unit_id), -1) AS unit_version,
    (SELECT COALESCE(MAX(v.version), 0) FROM calendar_versions v) AS calendar_version,
    (SELECT COUNT(*) FROM body_ki_assignments a WHERE a.body_id = r.body_id) AS ki_assignments,
    (SELECT COALESCE(SUM(k.version), 0) FROM ki_jurisdictions k) AS ki_versions,
    (SELECT COUNT(*) FROM objections o WHERE o.request_id = r.id) AS objections,
    (SELECT COALESCE(SUM(o.version), 0) FROM objections o WHERE o.request_id = r.id) AS objection_versions,
    (SELECT COUNT(*) FROM disputes d JOIN objections o ON o.id = d.objection_id WHERE o.request_id = r.id) AS disputes,
    (SELECT COALESCE(SUM(d.version), 0) FROM disputes d JOIN objections o ON o.id = d.objection_id
        WHERE o.request_id = r.id) AS dispute_versions,
    (SELECT COUNT(*) FROM response_documents x WHERE x.request_id = r.id) AS documents
FROM requests r
JOIN public_bodies b ON b.id = r.body_id
WHERE r.tracking_token_hash IS NOT NULL;
-- Every dispute still has its objection (the check fails the migration, which then commits nothing).
CREATE TEMP TABLE migration_28_check (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO migration_28_check SELECT COUNT(*) FROM pragma_foreign_key_check;
DROP TABLE migration_28_check;
COMMIT;
PRAGMA foreign_keys = ON;
