-- Every read of personal data: who, when, which customer, how and for what. It holds no personal
-- value: the subject is an opaque id, the actor a user of the vault.
CREATE TABLE access_log (
    id         BIGSERIAL    NOT NULL PRIMARY KEY,
    at         TIMESTAMPTZ  NOT NULL,
    actor      VARCHAR(200) NOT NULL,
    subject_id UUID         NOT NULL,
    action     VARCHAR(64)  NOT NULL,
    purpose    VARCHAR(100)
);

CREATE INDEX access_log_by_subject ON access_log (subject_id, at);
CREATE INDEX access_log_by_time ON access_log (at);
