ALTER TABLE objections DROP COLUMN representative_name;
DROP TABLE response_documents;
