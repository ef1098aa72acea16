-- Blind indexes for exact-match search: HMAC-SHA256 tokens under the deployment's index key (which
-- is never in this database) of the normalised email, phone, national id and each name word.
CREATE TABLE customer_search (
    customer_id UUID        NOT NULL REFERENCES customer_view ON DELETE CASCADE,
    kind        VARCHAR(16) NOT NULL,
    token       BYTEA       NOT NULL,
    PRIMARY KEY (customer_id, kind, token)
);

CREATE INDEX customer_search_by_token ON customer_search (token);

-- What happened to a customer, newest first, for the CRM's 360 screen. Non-personal details are
-- plain JSON; personal ones (an interaction's summary, a restriction's reason) are a ciphertext
-- envelope under the customer's key.
CREATE TABLE customer_timeline (
    customer_id UUID        NOT NULL,
    sequence    BIGINT      NOT NULL,
    kind        VARCHAR(32) NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    actor       VARCHAR(200),
    details     JSONB       NOT NULL,
    personal    TEXT,
    PRIMARY KEY (customer_id, sequence)
);

CREATE INDEX customer_timeline_recent ON customer_timeline (customer_id, occurred_at DESC, sequence DESC);
