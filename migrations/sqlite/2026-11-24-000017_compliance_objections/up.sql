-- Objections and disputes join the compliance rollup (issue 7): like requests, each keeps what it last added.
ALTER TABLE objections ADD COLUMN compliance TEXT NOT NULL DEFAULT '';
ALTER TABLE disputes ADD COLUMN compliance TEXT NOT NULL DEFAULT '';
