DROP INDEX objections_open_orders;
ALTER TABLE objections DROP COLUMN order_carried_out_on;
ALTER TABLE objections DROP COLUMN order_due;
