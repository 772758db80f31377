ALTER TABLE requests DROP COLUMN compliance;
DROP TABLE compliance_rollup;
