DROP INDEX objections_mail_dispute_window;
DROP INDEX requests_mail_objection_window;
DROP INDEX requests_mail_overdue;
ALTER TABLE objections DROP COLUMN requester_mailable;
ALTER TABLE requests DROP COLUMN requester_mailable;
