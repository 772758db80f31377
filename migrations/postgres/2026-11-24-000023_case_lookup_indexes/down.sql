DROP INDEX disputes_objection;
DROP INDEX objections_request;
