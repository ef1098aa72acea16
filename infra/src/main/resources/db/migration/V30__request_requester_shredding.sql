-- A closed request that names no customer keeps its requester's contact, notes and reasons, sealed under a
-- key of its own ('request:' and its id), only for vault.requests.requester-kept-for: then that key is
-- destroyed, recorded here and as a 'shredded' step of the request's history. A request that names a
-- customer is shredded with the customer, and never by this.
ALTER TABLE data_subject_request ADD COLUMN requester_shredded_at TIMESTAMPTZ;

ALTER TABLE data_subject_request ADD CONSTRAINT data_subject_request_shredded CHECK (requester_shredded_at IS NULL
    OR (subject_id IS NULL AND status IN ('ANSWERED', 'REFUSED') AND closed_at IS NOT NULL));

-- the sweep's search: closed, naming no customer, not shredded yet, by when closed
CREATE INDEX data_subject_request_to_shred ON data_subject_request (closed_at, id)
    WHERE subject_id IS NULL AND requester_shredded_at IS NULL AND status IN ('ANSWERED', 'REFUSED');

ALTER TABLE data_subject_request_event DROP CONSTRAINT data_subject_request_event_action_check;
ALTER TABLE data_subject_request_event ADD CONSTRAINT data_subject_request_event_action_check
    CHECK (action IN ('received', 'verified', 'started', 'extended', 'answered', 'refused', 'shredded'));
