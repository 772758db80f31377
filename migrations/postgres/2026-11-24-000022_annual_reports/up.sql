-- The annual service report (Laporan Layanan Informasi Publik, domain.md §6; issue 7). The figures come from the
-- record; the free-text parts are the PPID's draft, one row per body and year, edited until published.
CREATE TABLE annual_reports (
    body_id TEXT NOT NULL REFERENCES public_bodies (id),
    year BIGINT NOT NULL,
    facilities TEXT NOT NULL DEFAULT '',
    staff TEXT NOT NULL DEFAULT '',
    budget TEXT NOT NULL DEFAULT '',
    obstacles TEXT NOT NULL DEFAULT '',
    recommendations TEXT NOT NULL DEFAULT '',
    updated_by TEXT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (body_id, year)
);
-- Each publication is the whole report as it was published (figures and texts) in canonical JSON (RFC 8785) with
-- its SHA-256; never changed: publishing again adds the next version.
CREATE TABLE annual_report_publications (
    id TEXT PRIMARY KEY NOT NULL,
    body_id TEXT NOT NULL REFERENCES public_bodies (id),
    year BIGINT NOT NULL,
    version BIGINT NOT NULL,
    document TEXT NOT NULL,
    digest TEXT NOT NULL,
    published_by TEXT NULL,
    published_at TIMESTAMP NOT NULL,
    UNIQUE (body_id, year, version)
);
