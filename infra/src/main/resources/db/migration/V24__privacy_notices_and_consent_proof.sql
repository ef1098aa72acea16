-- Privacy notices by version, never changed once registered: a consent names the version and carries the SHA-256
-- of the text shown, which this table proves. Notice texts are addressed to everyone, so nothing here is personal.
CREATE TABLE privacy_notice (
    version       VARCHAR(32)  PRIMARY KEY,
    text          TEXT         NOT NULL,
    language      VARCHAR(35),
    sha256        CHAR(64)     NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    registered_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- A consent's proof in the 360 view; consents recorded before it have none.
ALTER TABLE customer_consent
    ADD COLUMN notice_sha256 CHAR(64),
    ADD COLUMN channel       VARCHAR(16);

-- The customer list filters by a consent withdrawn too.
CREATE INDEX customer_consent_withdrawn ON customer_consent (purpose, customer_id) WHERE NOT granted;

-- The purposes each customer objects to now (GDPR Art. 21), for the reads that refuse them; the objection's reason
-- is personal and stays in the event store only, encrypted.
CREATE TABLE customer_objection (
    customer_id UUID        NOT NULL REFERENCES customer_view ON DELETE CASCADE,
    purpose     VARCHAR(64) NOT NULL,
    objected_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, purpose)
);

-- What the Kafka publication has folded of each customer's events so far, written in the publication's own
-- transactions: the purposes granted and objected to, and the restriction, as of the last event published.
CREATE TABLE publication_marks (
    customer_id UUID          PRIMARY KEY,
    granted     VARCHAR(64)[] NOT NULL DEFAULT '{}',
    objected    VARCHAR(64)[] NOT NULL DEFAULT '{}',
    restricted  BOOLEAN       NOT NULL DEFAULT FALSE
);
