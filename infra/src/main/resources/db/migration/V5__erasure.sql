-- The erasure fence of the local key store: a subject listed here was erased, their data keys are
-- gone, and no key is ever created for them again. Written in the same transaction that deletes the
-- keys, so a key is never gone without its fence or fenced without being gone.
CREATE TABLE erasure_fence (
    subject_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    key_ids    TEXT         NOT NULL,
    erased_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- The erasure ledger: one certificate per erased customer. A row is written PENDING before the key
-- is destroyed and COMPLETED when every store has been purged, so an erasure interrupted by a crash
-- is found and finished on the next start.
CREATE TABLE erasure_ledger (
    subject_id   UUID         NOT NULL PRIMARY KEY,
    status       VARCHAR(16)  NOT NULL,
    requested_at TIMESTAMPTZ  NOT NULL,
    requested_by VARCHAR(200) NOT NULL,
    erased_at    TIMESTAMPTZ,
    key_ids      TEXT,
    purged       TEXT
);

CREATE INDEX erasure_ledger_by_time ON erasure_ledger (requested_at DESC);
