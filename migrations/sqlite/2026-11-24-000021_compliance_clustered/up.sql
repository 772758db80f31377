-- The compliance rollup and totals clustered by their keys (issue 7 benchmark): as rowid tables every summed row
-- cost a second lookup from the key index into the table; WITHOUT ROWID keeps each row in key order, so a year of
-- a 500-body jurisdiction is one range read.
CREATE TABLE compliance_totals_new (
    grain TEXT NOT NULL,
    body_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    period_start DATE NOT NULL,
    metric TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (grain, body_id, period_start, unit_id, metric)
) WITHOUT ROWID;
INSERT INTO compliance_totals_new SELECT grain, body_id, unit_id, period_start, metric, value FROM compliance_totals;
DROP TABLE compliance_totals;
ALTER TABLE compliance_totals_new RENAME TO compliance_totals;

CREATE TABLE compliance_rollup_new (
    body_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    day DATE NOT NULL,
    channel TEXT NOT NULL,
    applicant_type TEXT NOT NULL,
    metric TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (body_id, day, unit_id, channel, applicant_type, metric)
) WITHOUT ROWID;
INSERT INTO compliance_rollup_new
SELECT body_id, unit_id, day, channel, applicant_type, metric, value FROM compliance_rollup;
DROP TABLE compliance_rollup;
ALTER TABLE compliance_rollup_new RENAME TO compliance_rollup;
