DELETE FROM registration_counters WHERE series = 'letter';
ALTER TABLE registration_counters DROP CONSTRAINT registration_counters_series_check;
ALTER TABLE registration_counters ADD CONSTRAINT registration_counters_series_check
    CHECK (series IN ('request', 'objection'));
DROP TABLE letters;
ALTER TABLE public_bodies DROP COLUMN atasan_signatory_nip;
ALTER TABLE public_bodies DROP COLUMN ppid_signatory_position;
ALTER TABLE public_bodies DROP COLUMN ppid_signatory_nip;
ALTER TABLE public_bodies DROP COLUMN ppid_signatory_name;
ALTER TABLE public_bodies DROP COLUMN letter_number_format;
ALTER TABLE public_bodies DROP COLUMN letterhead;
