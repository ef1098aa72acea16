-- Tamper-evident history: a hash chain per log (the event store, the access log, the erasure
-- ledger), written after the fact by one node at a time, never by a trigger that would make every
-- append wait for the chain's head. Position is the order of chaining, not the row's own order:
-- a row that becomes visible late (a lower global index committed after a higher one) is linked
-- late, never skipped. row_key names the row, row_place is where the row stood in its table
-- (global index, access-log id, ledger completion) so that a row moved within the table is told
-- apart from a changed one.
CREATE TABLE integrity_link (
    log        VARCHAR(16)  NOT NULL,
    position   BIGINT       NOT NULL,
    row_key    TEXT         NOT NULL,
    row_place  BIGINT       NOT NULL,
    row_hash   BYTEA        NOT NULL,
    link       BYTEA        NOT NULL,
    chained_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (log, position),
    UNIQUE (log, row_key)
);

CREATE INDEX integrity_link_by_place ON integrity_link (log, row_place);

-- Per log, the place up to which every row is linked, or was a gap (a rolled-back insert) that
-- stayed empty for longer than any transaction is expected to take.
CREATE TABLE integrity_watermark (
    log     VARCHAR(16) NOT NULL PRIMARY KEY,
    through BIGINT      NOT NULL
);

-- Checkpoints: each log's position, link and watermark, signed by the deployment's signing key
-- (compact JWS). The newest one is also kept outside the database, beside the signing key.
CREATE TABLE integrity_checkpoint (
    sequence BIGINT NOT NULL PRIMARY KEY,
    jws      TEXT   NOT NULL
);

-- A certificate is chained when it is completed, its final state; completion is the order in which
-- certificates were completed, the ledger's place in the chain. Certificates completed before the
-- chain existed are numbered in the order of their erasure.
CREATE SEQUENCE erasure_ledger_completion;
ALTER TABLE erasure_ledger ADD COLUMN completion BIGINT UNIQUE;
UPDATE erasure_ledger ledger SET completion = numbered.n
FROM (SELECT subject_id, row_number() OVER (ORDER BY erased_at, subject_id) AS n
      FROM erasure_ledger WHERE status = 'COMPLETED') numbered
WHERE ledger.subject_id = numbered.subject_id;
SELECT setval('erasure_ledger_completion', COALESCE(max(completion), 0) + 1, false) FROM erasure_ledger;
