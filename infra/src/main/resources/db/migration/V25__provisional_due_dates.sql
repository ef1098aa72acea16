-- A due date counted through a year whose public holidays the vault has no table of yet skips
-- weekends only there: it is never later than the law's, possibly earlier, and says so.
ALTER TABLE data_subject_request ADD COLUMN due_on_provisional BOOLEAN NOT NULL DEFAULT FALSE;
