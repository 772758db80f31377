-- What a body's letters carry: its letterhead, the outgoing letter number series, and who signs for the PPID
-- and for the atasan PPID (name, NIP and position).
ALTER TABLE public_bodies ADD COLUMN letterhead TEXT NOT NULL DEFAULT '';
ALTER TABLE public_bodies ADD COLUMN letter_number_format TEXT NOT NULL DEFAULT '{seq:04}/SURAT-PPID/{body}/{month_roman}/{year}';
ALTER TABLE public_bodies ADD COLUMN ppid_signatory_name TEXT NOT NULL DEFAULT '';
ALTER TABLE public_bodies ADD COLUMN ppid_signatory_nip TEXT NOT NULL DEFAULT '';
ALTER TABLE public_bodies ADD COLUMN ppid_signatory_position TEXT NOT NULL DEFAULT 'PPID Utama';
ALTER TABLE public_bodies ADD COLUMN atasan_signatory_nip TEXT NOT NULL DEFAULT '';

-- Letters issued: each case's letter of a kind has one outgoing number, given the first time the letter is
-- produced and never changed, dated by the step it records (not by when it was printed).
CREATE TABLE letters (
    id TEXT NOT NULL PRIMARY KEY,
    body_id TEXT NOT NULL REFERENCES public_bodies (id),
    case_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    letter_date DATE NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    UNIQUE (case_id, kind)
);

-- Letters have their own number series.
ALTER TABLE registration_counters DROP CONSTRAINT registration_counters_series_check;
ALTER TABLE registration_counters ADD CONSTRAINT registration_counters_series_check
    CHECK (series IN ('request', 'objection', 'letter'));
