-- The timeline shows objections (GDPR Art. 21) and their withdrawal.
ALTER TABLE customer_timeline DROP CONSTRAINT customer_timeline_kind;
ALTER TABLE customer_timeline
    ADD CONSTRAINT customer_timeline_kind CHECK (kind IN ('REGISTERED', 'RECTIFIED', 'INTERACTION', 'PURCHASE',
        'CONSENT_GRANTED', 'CONSENT_WITHDRAWN', 'PROCESSING_RESTRICTED', 'PROCESSING_RESTRICTION_LIFTED',
        'PROCESSING_OBJECTED', 'OBJECTION_WITHDRAWN'));
