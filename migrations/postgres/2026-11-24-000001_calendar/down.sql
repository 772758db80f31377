DROP TABLE calendar_entries;
DROP TABLE calendar_versions;
DROP FUNCTION terbuka_refuse_change();
