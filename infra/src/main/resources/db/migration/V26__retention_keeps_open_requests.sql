-- Retention keeps a customer while a data subject's request about them is open: erasing them would
-- destroy what the request is to answer. A run counts them apart from the held ones.
ALTER TABLE retention_run ADD COLUMN open_requests INTEGER NOT NULL DEFAULT 0;
COMMENT ON COLUMN retention_run.due IS 'customers the policy found inactive, held ones and ones with an open request included';
COMMENT ON COLUMN retention_run.open_requests IS 'due customers kept because a data subject''s request about them is open';
