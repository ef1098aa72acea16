-- Data keys of the local key store, each wrapped (AES-256-GCM) by a master key that lives in a
-- file outside the database. Used only when keys are not kept in Vault/OpenBao.
CREATE TABLE subject_key (
    subject_id    VARCHAR(64)  NOT NULL,
    key_version   INTEGER      NOT NULL,
    key_id        VARCHAR(64)  NOT NULL UNIQUE,
    master_key_id VARCHAR(64)  NOT NULL,
    wrapped_key   BYTEA        NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (subject_id, key_version)
);
