ALTER TABLE api_tokens DROP COLUMN revoked_because;
