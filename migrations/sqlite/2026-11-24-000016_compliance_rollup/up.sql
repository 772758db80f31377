-- Compliance figures (domain.md §6), kept current in the same transaction as each transition (issue 7).
--
-- Each request adds a set of counters ("metrics") to the row of its key: body, unit ('' for none), the day it was
-- received, channel and applicant type. `requests.compliance` keeps exactly what the request last added (its key
-- and metrics, as JSON), so a transition adds the difference between its new and its stored contribution: the
-- rollup never drifts from the requests, and a routing moves the request's figures to the new unit.
CREATE TABLE compliance_rollup (
    body_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    day DATE NOT NULL,
    channel TEXT NOT NULL,
    applicant_type TEXT NOT NULL,
    metric TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (body_id, day, unit_id, channel, applicant_type, metric)
);

ALTER TABLE requests ADD COLUMN compliance TEXT NOT NULL DEFAULT '';
