DROP INDEX objections_register;
DROP INDEX requests_register;
