-- What the citizen's request form collects (Perki 1/2010 annex; domain.md §10) and the private tracking link.

-- Identity: the NIK is encrypted (AEAD, key from configuration) and found through a keyed hash (blind index).
ALTER TABLE requesters ADD COLUMN nik_encrypted TEXT;
ALTER TABLE requesters ADD COLUMN nik_blind_index TEXT;
ALTER TABLE requesters ADD COLUMN entity_decree_number TEXT NOT NULL DEFAULT '';
ALTER TABLE requesters ADD COLUMN representative_name TEXT NOT NULL DEFAULT '';
ALTER TABLE requesters ADD COLUMN representative_nik_encrypted TEXT;
ALTER TABLE requesters ADD COLUMN language TEXT NOT NULL DEFAULT 'id';
CREATE INDEX requesters_nik_blind_index ON requesters (nik_blind_index);

-- How the requester wants the information, whether the request text may appear in the public register, and the
-- SHA-256 of the tracking token (the token itself is never stored).
ALTER TABLE requests ADD COLUMN obtain_method TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN delivery_method TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN publish_consent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE requests ADD COLUMN text_hidden BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE requests ADD COLUMN tracking_token_hash TEXT;
CREATE UNIQUE INDEX requests_tracking_token_hash ON requests (tracking_token_hash);
