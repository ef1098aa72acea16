-- Data subjects' requests (access, rectification, erasure...): when each arrived, by which law it is
-- due, and each step taken on it, so that a business can prove it answered in time.
--
-- Personal values (the requester's contact, the notes, the reasons for an extension or a refusal)
-- are sealed like read-model columns: AES-GCM under the key of key_subject, bound to this table, the
-- column and the request. key_subject is the customer's id when the request names one, so erasing
-- the customer shreds them too; otherwise a key of the request's own ('request:' and its id).
CREATE TABLE data_subject_request (
    id                  UUID         PRIMARY KEY,
    subject_id          UUID,
    key_subject         VARCHAR(64)  NOT NULL,
    kind                VARCHAR(32)  NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'restriction',
                                                              'objection', 'portability', 'consent-withdrawal')),
    jurisdiction        VARCHAR(2)   NOT NULL CHECK (jurisdiction ~ '^[A-Z]{2}$'),
    -- the zone the jurisdiction's days are counted in: "overdue" is judged by its date, not the server's
    time_zone           VARCHAR(64)  NOT NULL,
    channel             VARCHAR(16)  NOT NULL
        CHECK (channel IN ('EMAIL', 'PHONE', 'SMS', 'WHATSAPP', 'CHAT', 'WEB', 'POST', 'IN_PERSON')),
    status              VARCHAR(16)  NOT NULL
        CHECK (status IN ('RECEIVED', 'VERIFIED', 'IN_PROGRESS', 'ANSWERED', 'REFUSED')),
    legal_source        VARCHAR(64)  NOT NULL,
    received_at         TIMESTAMPTZ  NOT NULL,
    received_on         DATE         NOT NULL,
    due_on              DATE         NOT NULL,
    extended            BOOLEAN      NOT NULL DEFAULT FALSE,
    requester           TEXT,
    notes               TEXT,
    created_at          TIMESTAMPTZ  NOT NULL,
    created_by          VARCHAR(200) NOT NULL,
    verified_at         TIMESTAMPTZ,
    verified_by         VARCHAR(200),
    verification_method VARCHAR(32) CHECK (verification_method IN ('IDENTITY_DOCUMENT', 'SIGNED_IN_ACCOUNT',
                                                                   'EMAIL_CONFIRMATION', 'PHONE_CALLBACK', 'IN_PERSON',
                                                                   'OTHER')),
    extension_reason    TEXT,
    closed_at           TIMESTAMPTZ,
    closed_by           VARCHAR(200),
    refusal_reason      TEXT,
    evidence_type       VARCHAR(32) CHECK (evidence_type IN ('EXPORT', 'ERASURE_CERTIFICATE', 'RECTIFICATION',
                                                          'RESTRICTION', 'CONSENT_CHANGE', 'LETTER')),
    evidence_ref        VARCHAR(100),
    CONSTRAINT data_subject_request_key CHECK (key_subject = CASE WHEN subject_id IS NULL
        THEN 'request:' || id::TEXT ELSE subject_id::TEXT END),
    CONSTRAINT data_subject_request_verified CHECK (status = 'RECEIVED' OR status = 'REFUSED'
        OR (verified_at IS NOT NULL AND verified_by IS NOT NULL AND verification_method IS NOT NULL)),
    CONSTRAINT data_subject_request_extended CHECK (extended = (extension_reason IS NOT NULL)),
    CONSTRAINT data_subject_request_answered CHECK (status <> 'ANSWERED'
        OR (closed_at IS NOT NULL AND evidence_type IS NOT NULL AND evidence_ref IS NOT NULL)),
    CONSTRAINT data_subject_request_refused CHECK (status <> 'REFUSED'
        OR (closed_at IS NOT NULL AND refusal_reason IS NOT NULL))
);

-- the list: open ones by due date
CREATE INDEX data_subject_request_due ON data_subject_request (due_on, id);
CREATE INDEX data_subject_request_subject ON data_subject_request (subject_id) WHERE subject_id IS NOT NULL;

-- Every step, who took it and when, appended in one transaction with the change of the request's row.
-- Nothing personal here: the step's details are in the request's sealed columns.
CREATE TABLE data_subject_request_event (
    id         BIGSERIAL    PRIMARY KEY,
    request_id UUID         NOT NULL REFERENCES data_subject_request (id),
    at         TIMESTAMPTZ  NOT NULL,
    actor      VARCHAR(200) NOT NULL,
    action     VARCHAR(16)  NOT NULL CHECK (action IN ('received', 'verified', 'started', 'extended', 'answered',
                                                       'refused')),
    status     VARCHAR(16)  NOT NULL
        CHECK (status IN ('RECEIVED', 'VERIFIED', 'IN_PROGRESS', 'ANSWERED', 'REFUSED')),
    due_on     DATE         NOT NULL
);

CREATE INDEX data_subject_request_event_request ON data_subject_request_event (request_id, id);

-- the history is proof: the vault only ever appends to it
CREATE FUNCTION data_subject_request_event_append_only() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'data_subject_request_event is append-only';
END
$$;

CREATE TRIGGER data_subject_request_event_append_only
    BEFORE UPDATE OR DELETE ON data_subject_request_event
    FOR EACH ROW EXECUTE FUNCTION data_subject_request_event_append_only();
