-- A legal hold stands on the customer (LegalHoldPlacedEvent): the 360 view shows it, and the retention
-- preview lists held customers apart. The view is rebuilt from the events, so existing rows start unheld,
-- as no event placed a hold before this version.
ALTER TABLE customer_view ADD COLUMN legal_hold BOOLEAN NOT NULL DEFAULT FALSE;

-- A retention policy finds the customers whose last activity is older than its limit
CREATE INDEX customer_view_by_last_activity ON customer_view (last_activity_at, customer_id);

-- One row per policy per scheduled retention run; no customer is named here, the certificates name them
CREATE TABLE retention_run (
    id          BIGSERIAL    PRIMARY KEY,
    policy      VARCHAR(64)  NOT NULL,
    started_at  TIMESTAMPTZ  NOT NULL,
    finished_at TIMESTAMPTZ,
    due         INTEGER      NOT NULL DEFAULT 0,
    erased      INTEGER      NOT NULL DEFAULT 0,
    held        INTEGER      NOT NULL DEFAULT 0,
    failed      INTEGER      NOT NULL DEFAULT 0
);
CREATE INDEX retention_run_by_start ON retention_run (started_at DESC, id DESC);
COMMENT ON COLUMN retention_run.due IS 'customers the policy found inactive, held ones included';
COMMENT ON COLUMN retention_run.held IS 'due customers skipped because a legal hold stands';
COMMENT ON COLUMN retention_run.failed IS 'due customers not erased: the view was behind their events, or the erasure failed or stays pending; the next run tries again';
