DROP VIEW tracking_stamps;
