-- The compliance rollup summed per month and per year (issue 7): the same counters per body × unit × period ×
-- metric, changed together with the daily rollup in the transaction of each transition. A summary for whole
-- months or years reads these (a year of a 500-body jurisdiction is tens of thousands of rows, not millions).
CREATE TABLE compliance_totals (
    -- 'month' or 'year'.
    grain TEXT NOT NULL,
    body_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    -- The first day of the month or year.
    period_start DATE NOT NULL,
    metric TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (grain, body_id, period_start, unit_id, metric)
);

INSERT INTO compliance_totals (grain, body_id, unit_id, period_start, metric, value)
SELECT 'month', body_id, unit_id, date(day, 'start of month'), metric, SUM(value)
FROM compliance_rollup GROUP BY body_id, unit_id, date(day, 'start of month'), metric;

INSERT INTO compliance_totals (grain, body_id, unit_id, period_start, metric, value)
SELECT 'year', body_id, unit_id, date(day, 'start of year'), metric, SUM(value)
FROM compliance_rollup GROUP BY body_id, unit_id, date(day, 'start of year'), metric;
