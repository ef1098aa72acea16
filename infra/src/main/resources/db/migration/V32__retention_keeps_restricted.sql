-- Retention keeps restricted customers (GDPR Art. 18(2)) unless a policy for restricted customers alone
-- erases them; a run counts those it kept.
ALTER TABLE retention_run ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;
COMMENT ON COLUMN retention_run.restricted IS 'due customers kept because their processing is restricted';
