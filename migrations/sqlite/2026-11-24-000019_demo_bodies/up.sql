-- Bodies made by `terbuka demo` (issue 7): public pages carry a demo banner, and demo data never mixes with real.
ALTER TABLE public_bodies ADD COLUMN demo BOOLEAN NOT NULL DEFAULT FALSE;
