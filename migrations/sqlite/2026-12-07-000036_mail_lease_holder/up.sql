-- Who holds a claimed outbox row's lease: a token of the worker pass that claimed it. A pass renews the lease of
-- each row just before sending it and records the outcome only while the token is still its own, so a row whose
-- lease ran out while the pass waited on a hung mail server, and which another instance claimed meanwhile, is
-- left to that instance instead of being sent twice. NULL for rows no pass holds.
ALTER TABLE mail_outbox ADD COLUMN lease_holder TEXT;
