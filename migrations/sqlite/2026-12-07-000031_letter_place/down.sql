ALTER TABLE public_bodies DROP COLUMN letter_place;
