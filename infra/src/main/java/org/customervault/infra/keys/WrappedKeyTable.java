package org.customervault.infra.keys;

import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.ErasedKeys;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.MissingKeyException;
import org.customervault.domain.crypto.SubjectErasedException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Data keys kept wrapped in table {@code subject_key} (whatever wraps them, see {@link DataKeyWrapping}),
 * the erasure fence in table {@code erasure_fence}, and the fence outside the database that a restore
 * cannot reach: what the local store and the Transit store share.
 *
 * <p>A new key is inserted on the caller's connection: inside a command's transaction it commits with
 * the events it protects or rolls back with them, so no event is ever stored without its key, and a
 * registration takes one connection and waits for the disk once. Until that commit the key belongs to
 * the creating transaction alone: no other transaction sees the row (a concurrent first write for the
 * same subject waits for it on the primary key, then uses whichever key committed), and
 * {@link #onceKept} lets a cache remember it only once committed.
 *
 * <p>The erasure fence is kept twice: in table {@code erasure_fence}, written with the deletion of the
 * keys, and outside the database, written by {@link #certify} before the erasure is reported done. A
 * database restored from a backup taken before an erasure holds the subject's key again but not the
 * outside fence's entry: the store refuses that key, and lists the subject among the erased so the
 * vault erases them again.
 */
final class WrappedKeyTable {

    private static final int FIRST_VERSION = 1;
    private static final int REWRAP_BATCH = 500;

    /** A row of {@code subject_key}: a data key as stored, wrapped. */
    record StoredKey(String subjectId, String keyId, int version, String wrappingKeyId, byte[] wrapped) {
    }

    /** A wrapping and what to run once the key it wrapped is committed, rolled back or not kept. */
    record WrappingInUse(DataKeyWrapping wrapping, Runnable release) {
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final ErasureFenceOutsideDatabase fenceOutside;
    private final String storeName;
    private final SecureRandom random = new SecureRandom();

    /** @param storeName how messages name the store, e.g. "the local key store" */
    WrappedKeyTable(DataSource dataSource, ErasureFenceOutsideDatabase fenceOutside, String storeName) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.fenceOutside = fenceOutside;
        this.storeName = storeName;
    }

    /**
     * The subject's current key, or a new one inserted unless the subject is erased, in one round
     * trip; inside a transaction the insert commits or rolls back with it, outside one it commits at
     * once. A new key is drawn and wrapped on every call and dropped when the subject has one: a cache
     * miss for an existing customer pays for it, a registration saves a round trip. The wrapping is
     * held until the new key's row is visible to a rotation, so the row names a wrapping key that stays.
     * The same transaction's later calls take no round trip.
     */
    DataKey keyForWriting(String subjectId, Supplier<WrappingInUse> wrappings) {
        refuseIfFencedOutside(subjectId);
        KeysCreatedInTransaction created = KeysCreatedInTransaction.of(this);
        DataKey createdHere = created == null ? null : created.get(subjectId);
        if (createdHere != null) {
            return createdHere;
        }
        boolean insideTransaction = insideTransactionOnThisDatabase();
        byte[] material = new byte[DataKey.KEY_BYTES];
        random.nextBytes(material);
        DataKey candidate = new DataKey(UUID.randomUUID().toString(), FIRST_VERSION, material);
        WrappingInUse inUse = wrappings.get();
        boolean heldUntilCompletion = false;
        try {
            DataKeyWrapping wrapping = inUse.wrapping();
            Optional<DataKey> current = currentOrInserted(subjectId, candidate,
                    wrapping.wrap(subjectId, candidate.keyId(), material), wrapping);
            if (current.isEmpty()) {
                // Another transaction committed the subject's first key while this statement ran; everyone uses that one.
                return currentKeyUnlessErased(subjectId, wrapping).orElseThrow();
            }
            if (current.get() == candidate && insideTransaction) {
                KeysCreatedInTransaction.bindTo(this).add(subjectId, candidate, inUse.release());
                heldUntilCompletion = true;
            }
            return current.get();
        } catch (DataAccessException e) {
            throw unreadable(e);
        } finally {
            if (!heldUntilCompletion) {
                inUse.release().run();
            }
        }
    }

    void onceKept(String subjectId, DataKey key, Runnable remember) {
        KeysCreatedInTransaction.onceKept(this, subjectId, key, remember);
    }

    /**
     * The wrapping is held before the row is read: a rotation waits for it (see {@link KeyringInUse}),
     * so the wrapping key that wrapped the row found is not retired before the row is unwrapped.
     */
    DataKey keyForReading(String subjectId, String keyId, int version, Supplier<WrappingInUse> wrappings) {
        refuseIfFencedOutside(subjectId);
        WrappingInUse inUse = wrappings.get();
        try {
            List<StoredKey> found;
            try {
                found = jdbc.query("""
                        SELECT subject_id, key_id, key_version, master_key_id, wrapped_key FROM subject_key
                        WHERE subject_id = ? AND key_id = ? AND key_version = ?""", WrappedKeyTable::storedKey,
                        subjectId, keyId, version);
                if (found.isEmpty() && fence(subjectId).isPresent()) {
                    throw new SubjectErasedException(subjectId);
                }
            } catch (DataAccessException e) {
                throw unreadable(e);
            }
            if (found.isEmpty()) {
                throw new MissingKeyException(subjectId, keyId, version);
            }
            return unwrap(inUse.wrapping(), found.get(0));
        } finally {
            inUse.release().run();
        }
    }

    /**
     * Deletes the subject's wrapped keys and sets the fence in one transaction. The rows are gone
     * from the live database; a backup taken before still holds them, and only the fence outside
     * ({@link #certify}) keeps a restore of it from handing them out again.
     */
    ErasedKeys destroy(String subjectId) {
        try {
            return ownTransaction.execute(status -> {
                List<String> keyIds = jdbc.queryForList(
                        "DELETE FROM subject_key WHERE subject_id = ? RETURNING key_id", String.class, subjectId);
                jdbc.update("INSERT INTO erasure_fence (subject_id, key_ids) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        subjectId, keyIds.toArray(String[]::new));
                return fence(subjectId).orElseThrow();
            });
        } catch (DataAccessException e) {
            throw new KeyStoreUnavailableException(storeName + " cannot destroy keys", e);
        }
    }

    /** The fences of the table and outside: after a restore, the outside knows erasures the table forgot. */
    List<String> erasedSubjects() {
        Set<String> erased = new LinkedHashSet<>(fencedInTheTable());
        erased.addAll(fenceOutside.subjects());
        return List.copyOf(erased);
    }

    /** One query of the table for these subjects, and the fences outside, which a restore may have left the table without. */
    Set<String> erasedAmong(Collection<String> subjectIds) {
        Set<String> erased = new LinkedHashSet<>();
        try {
            erased.addAll(jdbc.queryForList("SELECT subject_id FROM erasure_fence WHERE subject_id = ANY (?)",
                    String.class, (Object) subjectIds.toArray(String[]::new)));
        } catch (DataAccessException e) {
            throw unreadable(e);
        }
        subjectIds.stream().filter(fenceOutside::contains).forEach(erased::add);
        return erased;
    }

    /** Keeps the erasure in the fence outside the database; a repeated erasure keeps its first entry. */
    void certify(ErasedKeys erased, String certificateHash) {
        try {
            fenceOutside.append(new FenceFile.Entry(erased.subjectId(), erased.erasedAt(), erased.keyIds(), certificateHash));
        } catch (UncheckedIOException e) {
            throw new KeyStoreUnavailableException(storeName + " cannot write its erasure fence", e);
        }
    }

    List<String> uncertifiedErasures() {
        return fencedInTheTable().stream().filter(subject -> !fenceOutside.contains(subject)).toList();
    }

    /**
     * Wraps every data key not wrapped by the wrapping key in use again under it, in batches of 500
     * rows, each batch in a transaction of its own that locks its rows: every row is readable under
     * its old or its new wrapping at any moment, so a crash leaves nothing unreadable and the next
     * rotation finishes the rest. How many were wrapped again.
     */
    int rewrap(DataKeyWrapping wrapping) {
        String current = wrapping.wrappingKeyId();
        int rewrapped = 0;
        StoredKey last = new StoredKey("", null, 0, null, null);
        try {
            while (true) {
                StoredKey after = last;
                List<StoredKey> batch = ownTransaction.execute(status -> rewrapBatch(wrapping, current, after));
                rewrapped += batch.size();
                if (batch.size() < REWRAP_BATCH) {
                    return rewrapped;
                }
                last = batch.get(batch.size() - 1);
            }
        } catch (DataAccessException e) {
            throw new KeyStoreUnavailableException(storeName
                    + " cannot re-wrap its keys; the old wrapping key stays until a rotation succeeds", e);
        }
    }

    /** The wrapping keys that rows still name, other than {@code current}. */
    Set<String> wrappingKeysOtherThan(String current) {
        try {
            return Set.copyOf(jdbc.queryForList("SELECT DISTINCT master_key_id FROM subject_key WHERE master_key_id <> ?",
                    String.class, current));
        } catch (DataAccessException e) {
            throw unreadable(e);
        }
    }

    private List<StoredKey> rewrapBatch(DataKeyWrapping wrapping, String current, StoredKey after) {
        List<StoredKey> stale = jdbc.query("""
                SELECT subject_id, key_id, key_version, master_key_id, wrapped_key FROM subject_key
                WHERE master_key_id <> ? AND (subject_id, key_version) > (?, ?)
                ORDER BY subject_id, key_version LIMIT ? FOR UPDATE""", WrappedKeyTable::storedKey,
                current, after.subjectId(), after.version(), REWRAP_BATCH);
        if (stale.isEmpty()) {
            return stale;
        }
        List<DataKeyWrapping.Wrapped> rewrapped = wrapping.rewrap(stale);
        jdbc.update("""
                UPDATE subject_key SET master_key_id = changed.wrapping_key_id, wrapped_key = changed.wrapped_key
                FROM unnest(?::varchar[], ?::int[], ?::text[], ?::bytea[])
                    AS changed (subject_id, key_version, wrapping_key_id, wrapped_key)
                WHERE subject_key.subject_id = changed.subject_id AND subject_key.key_version = changed.key_version""",
                stale.stream().map(StoredKey::subjectId).toArray(String[]::new),
                stale.stream().map(StoredKey::version).toArray(Integer[]::new),
                rewrapped.stream().map(DataKeyWrapping.Wrapped::wrappingKeyId).toArray(String[]::new),
                rewrapped.stream().map(DataKeyWrapping.Wrapped::wrapped).toArray(byte[][]::new));
        return stale;
    }

    private List<String> fencedInTheTable() {
        try {
            return jdbc.queryForList("SELECT subject_id FROM erasure_fence", String.class);
        } catch (DataAccessException e) {
            throw unreadable(e);
        }
    }

    /** A key the database still holds for a subject fenced outside it was restored from a backup: never hand it out. */
    private void refuseIfFencedOutside(String subjectId) {
        if (fenceOutside.contains(subjectId)) {
            throw new SubjectErasedException(subjectId);
        }
    }

    private Optional<ErasedKeys> fence(String subjectId) {
        return jdbc.query("SELECT key_ids, erased_at FROM erasure_fence WHERE subject_id = ?",
                (row, n) -> new ErasedKeys(subjectId,
                        List.of((String[]) row.getArray("key_ids").getArray()),
                        row.getTimestamp("erased_at").toInstant()), subjectId).stream().findFirst();
    }

    private Optional<DataKey> currentOrInserted(String subjectId, DataKey candidate, DataKeyWrapping.Wrapped wrapped,
                                                DataKeyWrapping wrapping) {
        return jdbc.query("""
                WITH existing AS (
                    SELECT subject_id, key_id, key_version, master_key_id, wrapped_key FROM subject_key
                    WHERE subject_id = ? ORDER BY key_version DESC LIMIT 1),
                fence AS (SELECT EXISTS (SELECT 1 FROM erasure_fence WHERE subject_id = ?) AS erased),
                inserted AS (
                    INSERT INTO subject_key (subject_id, key_version, key_id, master_key_id, wrapped_key)
                    SELECT ?, ?, ?, ?, ? WHERE NOT (SELECT erased FROM fence) AND NOT EXISTS (SELECT 1 FROM existing)
                    ON CONFLICT (subject_id, key_version) DO NOTHING
                    RETURNING subject_id, key_id, key_version, master_key_id, wrapped_key)
                SELECT fence.erased, current.* FROM fence LEFT JOIN (
                    SELECT * FROM existing UNION ALL SELECT * FROM inserted) AS current ON true""",
                (row, n) -> candidate.keyId().equals(row.getString("key_id"))
                        ? Optional.of(candidate) : currentKey(subjectId, wrapping, row, n),
                subjectId, subjectId, subjectId, FIRST_VERSION, candidate.keyId(), wrapped.wrappingKeyId(),
                wrapped.wrapped()).get(0);
    }

    private Optional<DataKey> currentKeyUnlessErased(String subjectId, DataKeyWrapping wrapping) {
        return jdbc.query("""
                SELECT EXISTS (SELECT 1 FROM erasure_fence WHERE subject_id = ?) AS erased,
                       current.subject_id, current.key_id, current.key_version, current.master_key_id, current.wrapped_key
                FROM (VALUES (1)) AS one LEFT JOIN (
                    SELECT subject_id, key_id, key_version, master_key_id, wrapped_key FROM subject_key
                    WHERE subject_id = ? ORDER BY key_version DESC LIMIT 1) AS current ON true""",
                (row, n) -> currentKey(subjectId, wrapping, row, n), subjectId, subjectId).get(0);
    }

    /** A row of the erasure flag and the subject's current key, if any. */
    private Optional<DataKey> currentKey(String subjectId, DataKeyWrapping wrapping, ResultSet row, int rowNumber)
            throws SQLException {
        if (row.getBoolean("erased")) {
            throw new SubjectErasedException(subjectId);
        }
        return row.getString("key_id") == null ? Optional.empty() : Optional.of(unwrap(wrapping, storedKey(row, rowNumber)));
    }

    /** A Spring transaction holds a connection to this table's database, so the statements run in it. */
    private boolean insideTransactionOnThisDatabase() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.hasResource(dataSource);
    }

    private static DataKey unwrap(DataKeyWrapping wrapping, StoredKey stored) {
        return new DataKey(stored.keyId(), stored.version(), wrapping.unwrap(stored));
    }

    private KeyStoreUnavailableException unreadable(DataAccessException e) {
        return new KeyStoreUnavailableException(storeName + " cannot be read", e);
    }

    private static StoredKey storedKey(ResultSet row, int rowNumber) throws SQLException {
        return new StoredKey(row.getString("subject_id"), row.getString("key_id"), row.getInt("key_version"),
                row.getString("master_key_id"), row.getBytes("wrapped_key"));
    }
}
