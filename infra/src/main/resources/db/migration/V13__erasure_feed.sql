-- The erasure feed: every erasure announced to the vault nodes sharing this database, in order.
-- Each node reads it from where it last stopped at every heartbeat and whenever it (re)connects,
-- so no announcement is lost to a listener that was reconnecting, and acknowledges each erasure in
-- key_eviction in the same transaction that renews its row in vault_node. Appends take the table's
-- lock, so positions become visible in order and a reader never passes over one still committing.
CREATE TABLE erasure_feed (
    position     BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_id   VARCHAR(64)  NOT NULL,
    announced_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- What each live node did of the erasure (evicted, or fenced itself), as a JSON array; signed with
-- the rest of the certificate. NULL on certificates completed before nodes were measured.
ALTER TABLE erasure_ledger ADD COLUMN nodes TEXT;

-- When each node last started: a node that started after an erasure was announced began with empty
-- caches and reads the feed after it, so the erasure does not wait for its acknowledgement.
ALTER TABLE vault_node ADD COLUMN started_at TIMESTAMPTZ;
