-- Columns that hold one of a fixed set of values say which, so that the database refuses any other
-- (a typo in a statement, a hand-made repair) instead of storing a row the vault cannot read back.
-- The sets are the Java enums and constants that write them; a value added there needs a migration
-- here. blind_index_key.state and blind_index_rotation.state have had theirs since V15.

-- ErasureLedger: a certificate is PENDING until every store is purged, then COMPLETED with the time,
-- the keys destroyed and the stores purged, and a place in the hash chain.
ALTER TABLE erasure_ledger
    ADD CONSTRAINT erasure_ledger_status CHECK (status IN ('PENDING', 'COMPLETED')),
    ADD CONSTRAINT erasure_ledger_completed CHECK (status <> 'COMPLETED'
        OR (erased_at IS NOT NULL AND key_ids IS NOT NULL AND purged IS NOT NULL AND completion IS NOT NULL));

-- CustomerView.Status
ALTER TABLE customer_view
    ADD CONSTRAINT customer_view_status CHECK (status IN ('ACTIVE', 'RESTRICTED'));

-- Channel
ALTER TABLE customer_interaction
    ADD CONSTRAINT customer_interaction_channel
        CHECK (channel IN ('EMAIL', 'PHONE', 'SMS', 'WHATSAPP', 'CHAT', 'WEB', 'POST', 'IN_PERSON'));

-- SearchKind's labels: a token's kind, and the kinds a search compared
ALTER TABLE customer_search
    ADD CONSTRAINT customer_search_kind CHECK (kind IN ('name-word', 'email', 'phone', 'national-id'));
ALTER TABLE access_log
    ADD CONSTRAINT access_log_searched_by
        CHECK (searched_by <@ ARRAY['name-word', 'email', 'phone', 'national-id']::VARCHAR(16)[]);

-- The kinds of entry CustomerTimelineProjection writes
ALTER TABLE customer_timeline
    ADD CONSTRAINT customer_timeline_kind CHECK (kind IN ('REGISTERED', 'RECTIFIED', 'INTERACTION', 'PURCHASE',
        'CONSENT_GRANTED', 'CONSENT_WITHDRAWN', 'PROCESSING_RESTRICTED', 'PROCESSING_RESTRICTION_LIFTED'));

-- ChainedLog's labels
ALTER TABLE integrity_link
    ADD CONSTRAINT integrity_link_log CHECK (log IN ('events', 'accessLog', 'erasureLedger'));
ALTER TABLE integrity_watermark
    ADD CONSTRAINT integrity_watermark_log CHECK (log IN ('events', 'accessLog', 'erasureLedger'));
