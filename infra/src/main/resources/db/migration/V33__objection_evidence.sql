-- An objection request (GDPR Art. 21) is answered by recording the objection: its evidence is the
-- customer's ProcessingObjectedEvent, a type of its own.
ALTER TABLE data_subject_request DROP CONSTRAINT data_subject_request_evidence_type_check;
ALTER TABLE data_subject_request
    ADD CONSTRAINT data_subject_request_evidence_type_check CHECK (evidence_type IN ('EXPORT', 'ERASURE_CERTIFICATE',
        'RECTIFICATION', 'RESTRICTION', 'OBJECTION', 'CONSENT_CHANGE', 'LETTER'));
