DROP TABLE compliance_totals;
