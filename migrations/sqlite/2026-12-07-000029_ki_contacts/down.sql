ALTER TABLE ki_jurisdictions DROP COLUMN dispute_form_url;
ALTER TABLE ki_jurisdictions DROP COLUMN website;
ALTER TABLE ki_jurisdictions DROP COLUMN phone;
ALTER TABLE ki_jurisdictions DROP COLUMN email;
ALTER TABLE ki_jurisdictions DROP COLUMN address;
