DROP TABLE monev_results;
