-- Blind-index key versions. The keys themselves live in the key store, never here; this table says
-- which version makes new tokens (CURRENT, one at most), which is still searched while a rotation
-- re-indexes (RETIRING), and which is gone (DESTROYED). Every node reads it, so all of them write
-- and search with the same versions.
CREATE TABLE blind_index_key (
    version      INTEGER     NOT NULL PRIMARY KEY,
    state        VARCHAR(16) NOT NULL CHECK (state IN ('CURRENT', 'RETIRING', 'DESTROYED')),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    destroyed_at TIMESTAMPTZ
);

CREATE UNIQUE INDEX blind_index_key_one_current ON blind_index_key (state) WHERE state = 'CURRENT';

INSERT INTO blind_index_key (version, state) VALUES (1, 'CURRENT');

-- Which key version made each token; every token so far was made by the deployment's first key.
ALTER TABLE customer_search ADD COLUMN key_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE customer_search ALTER COLUMN key_version DROP DEFAULT;

-- Rotations of the blind-index key, one running at a time across every node: the progress of the
-- re-index (customers done, in id order, up to which one), so that it resumes after a crash, and
-- when the old key was destroyed.
CREATE TABLE blind_index_rotation (
    rotation_id          UUID         NOT NULL PRIMARY KEY,
    from_version         INTEGER      NOT NULL,
    to_version           INTEGER      NOT NULL UNIQUE,
    state                VARCHAR(16)  NOT NULL CHECK (state IN ('REINDEXING', 'COMPLETED')),
    requested_by         VARCHAR(200) NOT NULL,
    started_at           TIMESTAMPTZ  NOT NULL,
    customers_total      BIGINT       NOT NULL,
    customers_reindexed  BIGINT       NOT NULL DEFAULT 0,
    reindexed_up_to      UUID,
    completed_at         TIMESTAMPTZ,
    old_key_destroyed_at TIMESTAMPTZ
);

CREATE UNIQUE INDEX blind_index_rotation_one_running ON blind_index_rotation (state) WHERE state = 'REINDEXING';
