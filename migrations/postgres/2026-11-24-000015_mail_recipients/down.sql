DROP INDEX mail_outbox_case;
ALTER TABLE mail_outbox DROP COLUMN handled_note;
ALTER TABLE mail_outbox DROP COLUMN handled_by;
ALTER TABLE mail_outbox DROP COLUMN handled_at;
DROP TABLE mail_opt_outs;
DROP TABLE mail_failing_addresses;
ALTER TABLE users DROP COLUMN language;
