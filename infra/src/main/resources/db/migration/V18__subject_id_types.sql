-- Subject ids come in two types, each for a reason, and every table holding one says which it is.
--
-- UUID: tables that only ever hold customers (customer_view and its children, customer_search,
-- customer_timeline, access_log, erasure_ledger). A customer id is a UUID (CustomerId), so the type
-- refuses anything else and takes 16 bytes. They were UUID already: nothing to convert.
--
-- VARCHAR(64): the key store's subjects (subject_key, erasure_fence) and the erasure announcements
-- between nodes that evict the key store's cache (erasure_feed, key_eviction). The key store is
-- generic by design: its port (SubjectKeyStore) takes any subject id as text, the cipher binds
-- ciphertext to that text, and the fence file kept outside this database names subjects the same
-- way. A customer is one kind of subject; the key store must not need a migration, nor a reparse of
-- its fence file, on the day another kind of subject with another kind of id gets a key. They keep
-- their type; a customer's id is written in them as the UUID's canonical text, as CustomerId writes
-- it everywhere. (domainevententry.aggregateidentifier is Axon's, and stays as Axon defines it.)
COMMENT ON COLUMN subject_key.subject_id IS 'a key-store subject id (text by design: the key store is not limited to customers); for a customer, the canonical text of its UUID';
COMMENT ON COLUMN erasure_fence.subject_id IS 'a key-store subject id (text by design: the key store is not limited to customers); for a customer, the canonical text of its UUID';
COMMENT ON COLUMN erasure_feed.subject_id IS 'a key-store subject id whose keys every node must evict (text, as the key store names subjects)';
COMMENT ON COLUMN key_eviction.subject_id IS 'a key-store subject id a node has evicted (text, as the key store names subjects)';
COMMENT ON COLUMN erasure_ledger.subject_id IS 'a customer id';
COMMENT ON COLUMN access_log.subject_id IS 'a customer id; NULL for the entry of a search itself';
COMMENT ON COLUMN erasure_ledger.key_ids IS 'the ids of the keys destroyed; NULL while pending';
COMMENT ON COLUMN erasure_ledger.purged IS 'the stores purged; NULL while pending';
COMMENT ON COLUMN erasure_fence.key_ids IS 'the ids of the keys destroyed';
