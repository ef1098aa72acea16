-- The Idempotency-Key of each POST, so that a retried request answers the first answer instead of
-- acting twice, on whichever node it lands. Nothing here is readable without the deployment's key:
-- the caller and the key they sent are one keyed hash (a key may hold anything a client chose), the
-- request is a keyed hash of its method, path and body, and an answer is kept only for endpoints that
-- answer with identifiers alone (and for problems, which never echo a sent value).
CREATE TABLE idempotency_key (
    key_hash     BYTEA PRIMARY KEY,
    fingerprint  BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    -- null while the first request runs
    status       SMALLINT CHECK (status BETWEEN 100 AND 499),
    replayable   BOOLEAN,
    content_type VARCHAR(255),
    location     VARCHAR(2048),
    body         BYTEA,
    CONSTRAINT idempotency_key_answer CHECK ((status IS NULL) = (replayable IS NULL)),
    CONSTRAINT idempotency_key_withheld CHECK (replayable IS NOT FALSE
        OR (content_type IS NULL AND location IS NULL AND body IS NULL))
);

-- the purge deletes by age
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
