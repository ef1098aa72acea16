-- The steps taken on data subjects' requests join the hash chains (ChainedLog.REQUEST_STEPS): the
-- append-only trigger stops the vault's own mistakes, the chain shows a superuser's changes.
ALTER TABLE integrity_link DROP CONSTRAINT integrity_link_log;
ALTER TABLE integrity_link
    ADD CONSTRAINT integrity_link_log CHECK (log IN ('events', 'accessLog', 'erasureLedger', 'requestSteps'));
ALTER TABLE integrity_watermark DROP CONSTRAINT integrity_watermark_log;
ALTER TABLE integrity_watermark
    ADD CONSTRAINT integrity_watermark_log CHECK (log IN ('events', 'accessLog', 'erasureLedger', 'requestSteps'));
