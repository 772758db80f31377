ALTER TABLE public_bodies DROP COLUMN demo;
