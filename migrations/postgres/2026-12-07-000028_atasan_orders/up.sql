-- An atasan PPID who overturns the PPID (wholly or in part) orders disclosure: what is to be given and by when.
-- The order itself is in the objection's `decided` event; the row keeps its deadline and the day it was carried
-- out, so the PPID's queue, the compliance figures and the grounds (e)/(g) of a later objection read them without
-- replaying events. Decisions recorded before this migration ordered nothing, so existing rows stay NULL.
-- And an objection the PPID closes as the same as another gets the state 'duplicate'.
ALTER TABLE objections ADD COLUMN order_due DATE NULL;
ALTER TABLE objections ADD COLUMN order_carried_out_on DATE NULL;
-- The orders still to carry out, by body and deadline (the queue and the live overdue figure).
CREATE INDEX objections_open_orders ON objections (body_id, order_due) WHERE order_carried_out_on IS NULL;
ALTER TABLE objections DROP CONSTRAINT objections_state_check;
ALTER TABLE objections ADD CONSTRAINT objections_state_check
    CHECK (state IN ('registered', 'decided', 'withdrawn', 'duplicate'));
