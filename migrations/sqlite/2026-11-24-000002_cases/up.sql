-- Komisi Informasi jurisdictions, public bodies, their units (PPID Pelaksana), and the cases they handle.

CREATE TABLE ki_jurisdictions (
    id TEXT NOT NULL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('pusat', 'provinsi', 'kabupaten_kota')),
    parent_id TEXT REFERENCES ki_jurisdictions (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE public_bodies (
    id TEXT NOT NULL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('kementerian', 'lembaga', 'pemerintah_provinsi',
        'pemerintah_kabupaten_kota', 'pemerintah_desa', 'bumn_bumd', 'perguruan_tinggi', 'partai_politik',
        'organisasi_nonpemerintah', 'lainnya')),
    time_zone TEXT NOT NULL CHECK (time_zone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
    ppid_email TEXT NOT NULL,
    ppid_phone TEXT NOT NULL,
    ppid_address TEXT NOT NULL,
    request_number_format TEXT NOT NULL,
    objection_number_format TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The one competent KI of a body, from a date (history is kept: a body can move to a new provincial KI).
CREATE TABLE body_ki_assignments (
    id TEXT NOT NULL PRIMARY KEY,
    body_id TEXT NOT NULL REFERENCES public_bodies (id),
    jurisdiction_id TEXT NOT NULL REFERENCES ki_jurisdictions (id),
    applies_from DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (body_id, applies_from)
);

CREATE TABLE units (
    id TEXT NOT NULL PRIMARY KEY,
    body_id TEXT NOT NULL REFERENCES public_bodies (id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    -- NULL: the body's zone.
    time_zone TEXT CHECK (time_zone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (body_id, slug)
);

-- Requester identity lives here only, never in events, so it can be purged without breaking the evidence chain.
CREATE TABLE requesters (
    id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('individual', 'legal_entity', 'group', 'represented')),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    address TEXT NOT NULL,
    occupation TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    purged_at TIMESTAMP
);

-- Registration numbers: one counter per body, series and year of receipt (in the body's zone).
CREATE TABLE registration_counters (
    body_id TEXT NOT NULL REFERENCES public_bodies (id),
    series TEXT NOT NULL CHECK (series IN ('request', 'objection')),
    year BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (body_id, series, year)
);

-- Requests: columns are projections of the request's events; deadlines are columns so overdue is a query.
CREATE TABLE requests (
    id TEXT NOT NULL PRIMARY KEY,
    body_id TEXT NOT NULL REFERENCES public_bodies (id),
    unit_id TEXT REFERENCES units (id),
    requester_id TEXT NOT NULL REFERENCES requesters (id),
    registration_number TEXT NOT NULL,
    registration_year BIGINT NOT NULL,
    registration_seq BIGINT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('web', 'email', 'letter', 'desk', 'oral', 'social_media', 'api')),
    received_at TIMESTAMP NOT NULL,
    received_on DATE NOT NULL,
    information TEXT NOT NULL,
    purpose TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('registered', 'extended', 'notice_given', 'information_provided',
        'closed', 'withdrawn', 'closed_without_decision')),
    c1_due DATE NOT NULL,
    c2_due DATE,
    notice_due DATE NOT NULL,
    -- C3: the last day to object on the grounds this request's record has opened or will open by itself
    -- ((a)/(d)/(f) from the notice's receipt; (c) from the notice deadline while unanswered).
    c3_due DATE,
    calendar_version BIGINT NOT NULL,
    notice_on DATE,
    decision TEXT,
    provided_on DATE,
    ended_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (body_id, registration_year, registration_seq),
    UNIQUE (body_id, registration_number)
);
CREATE INDEX requests_open_deadline ON requests (state, notice_due);
CREATE INDEX requests_body ON requests (body_id, received_on);

CREATE TABLE objections (
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
    state TEXT NOT NULL CHECK (state IN ('registered', 'decided', 'withdrawn')),
    c4_due DATE NOT NULL,
    -- C5: the last day to go to the KI (from the decision's receipt, or the end of C4 without one).
    c5_due DATE,
    calendar_version BIGINT NOT NULL,
    decided_on DATE,
    outcome TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (body_id, registration_year, registration_seq),
    UNIQUE (body_id, registration_number)
);
CREATE INDEX objections_open_deadline ON objections (state, c4_due);
CREATE INDEX objections_dispute_window ON objections (c5_due);
CREATE INDEX requests_objection_window ON requests (c3_due);

CREATE TABLE disputes (
    id TEXT NOT NULL PRIMARY KEY,
    body_id TEXT NOT NULL REFERENCES public_bodies (id),
    objection_id TEXT NOT NULL REFERENCES objections (id),
    jurisdiction_id TEXT NOT NULL REFERENCES ki_jurisdictions (id),
    filed_on DATE NOT NULL,
    late BOOLEAN NOT NULL,
    c5_due DATE NOT NULL,
    confirmed BOOLEAN NOT NULL,
    ki_number TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The evidence: one hash chain per case. Each event stores its predecessor's hash and the SHA-256 of its own
-- canonical content. Payloads carry ids and dates, never identity.
CREATE TABLE case_events (
    id TEXT NOT NULL PRIMARY KEY,
    case_kind TEXT NOT NULL CHECK (case_kind IN ('request', 'objection', 'dispute')),
    case_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    body_id TEXT NOT NULL REFERENCES public_bodies (id),
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('system', 'requester', 'officer', 'atasan', 'admin')),
    actor_id TEXT,
    reason TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    UNIQUE (case_id, seq)
);
CREATE INDEX case_events_recorded ON case_events (recorded_at);

-- A daily record of every chain head, itself chained, so that deleting a chain's last events or rewriting a
-- whole chain is detectable.
CREATE TABLE chain_anchors (
    anchor_date DATE NOT NULL PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    heads TEXT NOT NULL,
    head_count BIGINT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);

CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
CREATE TRIGGER chain_anchors_no_update BEFORE UPDATE ON chain_anchors
BEGIN SELECT RAISE(ABORT, 'chain anchors are append-only'); END;
CREATE TRIGGER chain_anchors_no_delete BEFORE DELETE ON chain_anchors
BEGIN SELECT RAISE(ABORT, 'chain anchors are append-only'); END;
