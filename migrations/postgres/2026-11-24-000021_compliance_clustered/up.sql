-- Covering indexes for the compliance sums (issue 7 benchmark): the summed value is in the index, so a year of a
-- 500-body jurisdiction can be read from the index alone.
CREATE UNIQUE INDEX compliance_totals_covering
    ON compliance_totals (grain, body_id, period_start, unit_id, metric) INCLUDE (value);
