DROP INDEX requests_open_deadline;
CREATE INDEX requests_open_deadline ON requests (state, notice_due);
