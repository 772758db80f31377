DROP TABLE identity_access_log;
