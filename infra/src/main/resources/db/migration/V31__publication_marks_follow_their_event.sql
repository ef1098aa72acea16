-- The sequence number of the customer's event its publication marks were last folded with. The publication trusts a
-- row only for the event right after that one; for any other (a row left from before this column, a customer the
-- table does not know since the upgrade that created it empty, an event published again after its token went back)
-- it folds the customer's earlier events from the event store instead. Rows from before this column have none, so
-- each is recomputed at its customer's next event.
ALTER TABLE publication_marks ADD COLUMN IF NOT EXISTS last_sequence BIGINT;
