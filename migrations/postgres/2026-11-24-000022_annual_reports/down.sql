DROP TABLE annual_report_publications;
DROP TABLE annual_reports;
