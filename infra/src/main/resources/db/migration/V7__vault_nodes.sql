-- The vault nodes sharing this database, and their acknowledgements of erased customers' keys:
-- an erasure waits until every live node has dropped the customer's key from its memory.
CREATE TABLE vault_node (
    node_id  VARCHAR(255) NOT NULL PRIMARY KEY,
    seen_at  TIMESTAMPTZ  NOT NULL
);

CREATE TABLE key_eviction (
    subject_id  VARCHAR(64)  NOT NULL,
    node_id     VARCHAR(255) NOT NULL,
    evicted_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (subject_id, node_id)
);
