-- The band a Komisi Informasi gave each public body in its yearly monitoring and evaluation (monev, domain.md §7),
-- recorded by the KI's auditors. Rows are never changed: a correction is the next version.
CREATE TABLE monev_results (
    id TEXT PRIMARY KEY NOT NULL,
    body_id TEXT NOT NULL REFERENCES public_bodies (id),
    year BIGINT NOT NULL,
    version BIGINT NOT NULL,
    -- informatif, menuju_informatif, cukup_informatif, kurang_informatif, tidak_informatif
    band TEXT NOT NULL,
    -- The score in hundredths (85.5 = 8550), when the KI published one.
    score_hundredths BIGINT NULL,
    -- Where the KI published it (e.g. the number of its decree or announcement).
    reference TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NULL,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (body_id, year, version)
);
