-- Where and how a requester files a dispute with a Komisi Informasi: its address, email, telephone, website and
-- online dispute form, shown on the requester's dispute page and set by the administrator. Empty until set.
ALTER TABLE ki_jurisdictions ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE ki_jurisdictions ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE ki_jurisdictions ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE ki_jurisdictions ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE ki_jurisdictions ADD COLUMN dispute_form_url TEXT NOT NULL DEFAULT '';
