DELETE FROM registration_counters WHERE series = 'letter';
CREATE TABLE registration_counters_old (
    body_id TEXT NOT NULL REFERENCES public_bodies (id),
    series TEXT NOT NULL CHECK (series IN ('request', 'objection')),
    year BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (body_id, series, year)
);
INSERT INTO registration_counters_old SELECT body_id, series, year, last_seq FROM registration_counters;
DROP TABLE registration_counters;
ALTER TABLE registration_counters_old RENAME TO registration_counters;
DROP TABLE letters;
ALTER TABLE public_bodies DROP COLUMN atasan_signatory_nip;
ALTER TABLE public_bodies DROP COLUMN ppid_signatory_position;
ALTER TABLE public_bodies DROP COLUMN ppid_signatory_nip;
ALTER TABLE public_bodies DROP COLUMN ppid_signatory_name;
ALTER TABLE public_bodies DROP COLUMN letter_number_format;
ALTER TABLE public_bodies DROP COLUMN letterhead;
