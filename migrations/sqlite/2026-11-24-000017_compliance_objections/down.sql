ALTER TABLE disputes DROP COLUMN compliance;
ALTER TABLE objections DROP COLUMN compliance;
