-- The place on the place-and-date line above a letter's signature ("Sukamaju, 7 Desember 2026"): the city or
-- regency the body writes from. Empty until set: the line then holds the date alone.
ALTER TABLE public_bodies ADD COLUMN letter_place TEXT NOT NULL DEFAULT '';
