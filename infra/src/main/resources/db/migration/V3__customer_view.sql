-- The CRM's customer 360 read model. Personal columns hold ciphertext envelopes under the
-- customer's own key, bound to their table, column and customer; the rest stays plain so it can
-- be filtered and sorted.
CREATE TABLE customer_view (
    customer_id      UUID         NOT NULL PRIMARY KEY,
    version          BIGINT       NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    full_name        TEXT         NOT NULL,
    email            TEXT,
    phone            TEXT,
    national_id      TEXT,
    birth_date       TEXT,
    address          TEXT,
    preferences      TEXT,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    last_activity_at TIMESTAMPTZ  NOT NULL
);

CREATE INDEX customer_view_by_activity ON customer_view (last_activity_at DESC, customer_id);

CREATE TABLE customer_consent (
    customer_id    UUID        NOT NULL REFERENCES customer_view ON DELETE CASCADE,
    purpose        VARCHAR(64) NOT NULL,
    granted        BOOLEAN     NOT NULL,
    notice_version VARCHAR(32) NOT NULL,
    changed_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, purpose)
);

CREATE TABLE customer_purchase_total (
    customer_id    UUID          NOT NULL REFERENCES customer_view ON DELETE CASCADE,
    currency       CHAR(3)       NOT NULL,
    purchase_count INTEGER       NOT NULL,
    total          NUMERIC(20,4) NOT NULL,
    PRIMARY KEY (customer_id, currency)
);

CREATE TABLE customer_interaction (
    customer_id    UUID         NOT NULL REFERENCES customer_view ON DELETE CASCADE,
    interaction_id VARCHAR(64)  NOT NULL,
    channel        VARCHAR(16)  NOT NULL,
    summary        TEXT         NOT NULL,
    occurred_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (customer_id, interaction_id)
);

CREATE INDEX customer_interaction_recent ON customer_interaction (customer_id, occurred_at DESC);
