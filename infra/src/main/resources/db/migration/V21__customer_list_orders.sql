-- The customer list pages by creation too, and filters by a consent given now; the access log and
-- the erasure ledger page by position (instant, then row), as their cursors do.
CREATE INDEX customer_view_by_creation ON customer_view (created_at DESC, customer_id);
CREATE INDEX customer_consent_granted ON customer_consent (purpose, customer_id) WHERE granted;
CREATE INDEX access_log_by_position ON access_log (at, id);
DROP INDEX access_log_by_time;
