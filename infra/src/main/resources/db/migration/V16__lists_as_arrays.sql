-- Lists are arrays, not comma-joined text: the erasure ledger's key ids and purged stores, and the
-- local key store's fence's key ids. An element can then hold any character, a comma included, and
-- the database tells an empty list ({}) from a missing one (NULL). string_to_array turns the joined
-- text back into its elements ('' becomes the empty list, NULL stays NULL).
--
-- The erasure ledger's hash chain covers key_ids and purged: a row's hash now takes each of them as
-- an array (element count, then each element), as it already takes the access log's searched_by.
-- The row-hash domain stays customer-vault/integrity/row/v1. Chains are new in this release, so no
-- released database holds a ledger row hashed the old way; a domain of its own matters only when one
-- verifier has to tell two encodings of a row apart, which never happens here: every row is hashed
-- one way, this one. A database built from a pre-release of this version that had already chained
-- completed certificates would report those certificates as changed: rebuild it, as its links
-- cannot be re-signed here (checkpoints are signed by a key this database never holds).
ALTER TABLE erasure_ledger
    ALTER COLUMN key_ids TYPE TEXT[] USING string_to_array(key_ids, ','),
    ALTER COLUMN purged TYPE TEXT[] USING string_to_array(purged, ',');

ALTER TABLE erasure_fence
    ALTER COLUMN key_ids TYPE TEXT[] USING string_to_array(key_ids, ',');
