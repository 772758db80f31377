ALTER TABLE objections DROP CONSTRAINT objections_state_check;
ALTER TABLE objections ADD CONSTRAINT objections_state_check CHECK (state IN ('registered', 'decided', 'withdrawn'));
DROP INDEX objections_open_orders;
ALTER TABLE objections DROP COLUMN order_carried_out_on;
ALTER TABLE objections DROP COLUMN order_due;
