package org.customervault.infra.keys;

import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.crypto.SecretKey;
import javax.sql.DataSource;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.Envelope;
import org.customervault.domain.crypto.ErasedKeys;
import org.customervault.domain.crypto.FieldCipher;
import org.customervault.domain.crypto.IndexKeyStore;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.MissingKeyException;
import org.customervault.domain.crypto.SubjectErasedException;
import org.customervault.domain.crypto.RotatedWrappingKey;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.customervault.domain.crypto.WrappingKeyRotation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded default's key store: data keys in the {@code subject_key} table, each wrapped with
 * AES-256-GCM by the master key in use of the {@link MasterKeyring} and bound to its subject and key id.
 *
 * <p>A new key is inserted on the caller's connection: inside a command's transaction it commits with
 * the events it protects or rolls back with them, so no event is ever stored without its key, and a
 * registration takes one connection and waits for the disk once. Until that commit the key belongs to
 * the creating transaction alone: no other transaction sees the row (a concurrent first write for the
 * same subject waits for it on the primary key, then uses whichever key committed), and
 * {@link #onceKept} lets a cache remember it only once committed.
 *
 * <p>The erasure fence is kept twice: in table {@code erasure_fence}, written with the deletion of
 * the keys, and in the {@link FenceFile} beside the master key file, written by {@link #certify}
 * before the erasure is reported done. A database restored from a backup taken before an erasure
 * holds the subject's key again but not the file's line: the store refuses that key from the start,
 * and lists the subject among the erased so the vault erases them again.
 *
 * <p>The blind-index keys are lines of the same keyring file, so that every change of the file,
 * whether to master keys or to blind-index keys, starts from the other's last one.
 */
public final class LocalSubjectKeyStore implements SubjectKeyStore, WrappingKeyRotation, IndexKeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSubjectKeyStore.class);
    private static final String WRAPPED_PLACE = "subject_key.wrapped_key";
    /** How long a rotation waits for the transactions that wrapped new data keys under the old master key. */
    private static final Duration WRITERS_PATIENCE = Duration.ofSeconds(30);
    private static final int FIRST_VERSION = 1;
    private static final int REWRAP_BATCH = 500;

    private record StoredKey(String subjectId, String keyId, int version, String masterKeyId, byte[] wrapped) {
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final FieldCipher cipher;
    private final SecureRandom random = new SecureRandom();
    private final KeyringInUse keyrings;
    private final Duration writersPatience;
    private final FenceFile fenceFile;

    public LocalSubjectKeyStore(DataSource dataSource, MasterKeyring keyring, FenceFile fenceFile, FieldCipher cipher) {
        this(dataSource, keyring, fenceFile, cipher, WRITERS_PATIENCE);
    }

    LocalSubjectKeyStore(DataSource dataSource, MasterKeyring keyring, FenceFile fenceFile, FieldCipher cipher,
                         Duration writersPatience) {
        this.dataSource = dataSource;
        this.fenceFile = fenceFile;
        this.jdbc = new JdbcTemplate(dataSource);
        this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.keyrings = new KeyringInUse(keyring);
        this.cipher = cipher;
        this.writersPatience = writersPatience;
    }

    /** On the caller's connection (see the class comment); the same transaction's later calls take no round trip. */
    @Override
    public DataKey keyForWriting(String subjectId) {
        refuseIfFencedInTheFile(subjectId);
        KeysCreatedInTransaction created = KeysCreatedInTransaction.of(this);
        DataKey createdHere = created == null ? null : created.keys.get(subjectId);
        if (createdHere != null) {
            return createdHere;
        }
        boolean insideTransaction = insideTransactionOnThisDatabase();
        try {
            return currentOrNewKey(subjectId, insideTransaction);
        } catch (DataAccessException e) {
            throw new KeyStoreUnavailableException("the local key store cannot be read", e);
        }
    }

    @Override
    public void onceKept(String subjectId, DataKey key, Runnable remember) {
        KeysCreatedInTransaction created = KeysCreatedInTransaction.of(this);
        if (created != null && created.keys.get(subjectId) == key) {
            created.onCommit.putIfAbsent(subjectId, remember);
        } else {
            remember.run();
        }
    }

    @Override
    public DataKey keyForReading(String subjectId, String keyId, int version) {
        refuseIfFencedInTheFile(subjectId);
        KeyringInUse.Held held = keyrings.hold();
        try {
            List<StoredKey> found;
            try {
                found = jdbc.query("""
                        SELECT subject_id, key_id, key_version, master_key_id, wrapped_key FROM subject_key
                        WHERE subject_id = ? AND key_id = ? AND key_version = ?""", this::storedKey,
                        subjectId, keyId, version);
            } catch (DataAccessException e) {
                throw new KeyStoreUnavailableException("the local key store cannot be read", e);
            }
            if (found.isEmpty()) {
                if (fence(subjectId).isPresent()) {
                    throw new SubjectErasedException(subjectId);
                }
                throw new MissingKeyException(subjectId, keyId, version);
            }
            return unwrap(held.keyring(), found.get(0));
        } finally {
            keyrings.release(held);
        }
    }

    /**
     * Deletes the subject's wrapped keys and sets the fence in one transaction. The rows are gone
     * from the live database; a backup taken before still holds them, and only the fence file
     * ({@link #certify}) keeps a restore of it from handing them out again.
     */
    @Override
    public ErasedKeys destroy(String subjectId) {
        try {
            return ownTransaction.execute(status -> {
                List<String> keyIds = jdbc.queryForList(
                        "DELETE FROM subject_key WHERE subject_id = ? RETURNING key_id", String.class, subjectId);
                jdbc.update("INSERT INTO erasure_fence (subject_id, key_ids) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        subjectId, keyIds.toArray(String[]::new));
                return fence(subjectId).orElseThrow();
            });
        } catch (DataAccessException e) {
            throw new KeyStoreUnavailableException("the local key store cannot destroy keys", e);
        }
    }

    /** The fences of the table and of the file: after a restore, the file knows erasures the table forgot. */
    @Override
    public List<String> erasedSubjects() {
        Set<String> erased = new LinkedHashSet<>(fencedInTheTable());
        erased.addAll(fenceFile.subjects());
        return List.copyOf(erased);
    }

    /** One query of the table for these subjects, and the file's fences, which a restore may have left the table without. */
    @Override
    public Set<String> erasedAmong(Collection<String> subjectIds) {
        Set<String> erased = new LinkedHashSet<>();
        try {
            erased.addAll(jdbc.queryForList("SELECT subject_id FROM erasure_fence WHERE subject_id = ANY (?)",
                    String.class, (Object) subjectIds.toArray(String[]::new)));
        } catch (DataAccessException e) {
            throw new KeyStoreUnavailableException("the local key store cannot be read", e);
        }
        subjectIds.stream().filter(fenceFile::contains).forEach(erased::add);
        return erased;
    }

    /** Appends the erasure to the fence file, forced to the disk; a repeated erasure keeps its first line. */
    @Override
    public void certify(ErasedKeys erased, String certificateHash) {
        try {
            fenceFile.append(new FenceFile.Entry(erased.subjectId(), erased.erasedAt(), erased.keyIds(), certificateHash));
        } catch (UncheckedIOException e) {
            throw new KeyStoreUnavailableException("the local key store cannot write its erasure fence file", e);
        }
    }

    @Override
    public List<String> uncertifiedErasures() {
        return fencedInTheTable().stream().filter(subject -> !fenceFile.contains(subject)).toList();
    }

    private List<String> fencedInTheTable() {
        try {
            return jdbc.queryForList("SELECT subject_id FROM erasure_fence", String.class);
        } catch (DataAccessException e) {
            throw new KeyStoreUnavailableException("the local key store cannot be read", e);
        }
    }

    /** A key the database still holds for a subject the file fences was restored from a backup: never hand it out. */
    private void refuseIfFencedInTheFile(String subjectId) {
        if (fenceFile.contains(subjectId)) {
            throw new SubjectErasedException(subjectId);
        }
    }

    /**
     * Puts a new master key in use, waits for the transactions that wrapped new data keys under an
     * older one (their rows are invisible until they commit), wraps every data key again under the
     * new master key in one transaction, and then retires each older master key that no row names.
     * The new key is in the file before any row names it, and an old one leaves only once no row
     * names it, so a crash at any point leaves every key readable; the next rotation finishes what
     * a crashed or impatient one left. One node only: another node holding the old keyring could not
     * unwrap the new rows, nor would this node see its transactions (several nodes keep their keys
     * in Vault/OpenBao).
     */
    @Override
    public synchronized RotatedWrappingKey rotateWrappingKey() {
        KeyringInUse.Held rotated = keyrings.replace(MasterKeyring::withNewCurrent);
        boolean olderCallsDone;
        try {
            olderCallsDone = keyrings.awaitNoneOlderThan(rotated, writersPatience);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyStoreUnavailableException(
                    "the rotation was interrupted; the old master key stays until a rotation succeeds", e);
        }
        MasterKeyring ring = rotated.keyring();
        DataKey current = ring.current();
        Integer rewrapped;
        Set<String> stillNamed;
        try {
            rewrapped = ownTransaction.execute(status -> rewrap(ring));
            stillNamed = Set.copyOf(jdbc.queryForList("SELECT DISTINCT master_key_id FROM subject_key WHERE master_key_id <> ?",
                    String.class, current.keyId()));
        } catch (DataAccessException e) {
            throw new KeyStoreUnavailableException(
                    "the local key store cannot re-wrap its keys; the old master key stays until a rotation succeeds", e);
        }
        Set<String> kept = olderCallsDone ? stillNamed : ring.olderKeyIds();
        if (!kept.isEmpty()) {
            LOG.warn("the rotation keeps the older master keys {}: data keys wrapped by them were not committed after {}"
                    + " or are still stored; a later rotation retires them", kept, writersPatience);
        }
        keyrings.replace(keyring -> keyring.retiringAllBut(kept));
        return new RotatedWrappingKey("local", current.keyId(), rewrapped == null ? 0 : rewrapped, Instant.now());
    }

    /** Read from the keyring this node holds; a new version is written to its file, forced to the disk, before it is handed out. */
    @Override
    public Optional<SecretKey> blindIndexKey(int version) {
        Optional<SecretKey> held = keyrings.current().blindIndexKey(version);
        if (held.isPresent()) {
            return held;
        }
        return changeKeyring(ring -> ring.blindIndexKey(version).isEmpty() && version == ring.newestIndexVersion() + 1
                ? ring.withIndexKey(version) : ring).blindIndexKey(version);
    }

    /**
     * Writes the keyring file whole without that key. The file is replaced, not edited: the key's
     * bytes leave the file's name at once, while the blocks that held them are freed by the file
     * system, not overwritten. A key still derivable from a master key of the ring
     * ({@link #blindIndexKeyDerivable}) keeps its line: removing it would destroy nothing.
     */
    @Override
    public void destroyBlindIndexKey(int version) {
        changeKeyring(ring -> {
            if (version >= ring.newestIndexVersion()) {
                throw new IllegalStateException("the newest blind-index key, version " + version + ", is the one in use");
            }
            return ring.blindIndexKey(version).isPresent() && !ring.indexKeyDerivable(version)
                    ? ring.withoutIndexKey(version) : ring;
        });
    }

    /** Version 1 of a key file that began as one bare line, until a master-key rotation retires that master key. */
    @Override
    public boolean blindIndexKeyDerivable(int version) {
        return keyrings.current().indexKeyDerivable(version);
    }

    @Override
    public int newestBlindIndexVersion() {
        return keyrings.current().newestIndexVersion();
    }

    private MasterKeyring changeKeyring(UnaryOperator<MasterKeyring> change) {
        try {
            return keyrings.replace(change).keyring();
        } catch (UncheckedIOException e) {
            throw new KeyStoreUnavailableException("the local key store cannot write its master key file", e);
        }
    }

    /** Wraps every data key not wrapped by the ring's current master key again under it; how many. */
    private int rewrap(MasterKeyring ring) {
        DataKey current = ring.current();
        List<StoredKey> stale = jdbc.query("""
                SELECT subject_id, key_id, key_version, master_key_id, wrapped_key FROM subject_key
                WHERE master_key_id <> ? FOR UPDATE""", this::storedKey, current.keyId());
        jdbc.batchUpdate("UPDATE subject_key SET master_key_id = ?, wrapped_key = ? WHERE subject_id = ? AND key_version = ?",
                stale, REWRAP_BATCH, (statement, stored) -> {
                    statement.setString(1, current.keyId());
                    statement.setBytes(2, wrap(current, stored.subjectId(), stored.keyId(), material(ring, stored)));
                    statement.setString(3, stored.subjectId());
                    statement.setInt(4, stored.version());
                });
        return stale.size();
    }

    private Optional<ErasedKeys> fence(String subjectId) {
        return jdbc.query("SELECT key_ids, erased_at FROM erasure_fence WHERE subject_id = ?",
                (row, n) -> new ErasedKeys(subjectId,
                        List.of((String[]) row.getArray("key_ids").getArray()),
                        row.getTimestamp("erased_at").toInstant()), subjectId).stream().findFirst();
    }

    /**
     * The subject's current key, or a new one inserted unless the subject is erased, in one round
     * trip; inside a transaction the insert commits or rolls back with it, outside one it commits at
     * once. A new key is drawn on every call and dropped when the subject has one: a cache miss for
     * an existing customer pays a few microseconds for it, a registration saves a round trip. The
     * keyring is read once and held until the new key's row is visible to a rotation (see
     * {@link KeyringInUse}), so the row names the master key that wrapped it and that key stays.
     */
    private DataKey currentOrNewKey(String subjectId, boolean insideTransaction) {
        byte[] material = new byte[DataKey.KEY_BYTES];
        random.nextBytes(material);
        DataKey candidate = new DataKey(UUID.randomUUID().toString(), FIRST_VERSION, material);
        KeyringInUse.Held held = keyrings.hold();
        boolean heldUntilCompletion = false;
        try {
            Optional<DataKey> current = currentOrInserted(subjectId, candidate, material, held.keyring());
            if (current.isEmpty()) {
                // Another transaction committed the subject's first key while this statement ran; everyone uses that one.
                return currentKeyUnlessErased(subjectId, held.keyring()).orElseThrow();
            }
            if (current.get() == candidate && insideTransaction) {
                KeysCreatedInTransaction created = KeysCreatedInTransaction.bindTo(this, keyrings);
                created.keys.put(subjectId, candidate);
                created.holding.add(held);
                heldUntilCompletion = true;
            }
            return current.get();
        } finally {
            if (!heldUntilCompletion) {
                keyrings.release(held);
            }
        }
    }

    private Optional<DataKey> currentOrInserted(String subjectId, DataKey candidate, byte[] material, MasterKeyring ring) {
        DataKey master = ring.current();
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
                        ? Optional.of(candidate) : currentKey(subjectId, ring, row, n),
                subjectId, subjectId, subjectId, FIRST_VERSION, candidate.keyId(), master.keyId(),
                wrap(master, subjectId, candidate.keyId(), material)).get(0);
    }

    /** A Spring transaction holds a connection to this store's database, so the store's statements run in it. */
    private boolean insideTransactionOnThisDatabase() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.hasResource(dataSource);
    }

    /**
     * The keys this store created in the current transaction, which vanish if it rolls back: handed to
     * the same transaction's later calls without another round trip, remembered by caches after the commit.
     * The keyring versions they were wrapped with are held until the transaction ends, committed or not.
     */
    private static final class KeysCreatedInTransaction implements TransactionSynchronization {

        private final Object store;
        private final KeyringInUse keyrings;
        private final Map<String, DataKey> keys = new HashMap<>();
        private final Map<String, Runnable> onCommit = new LinkedHashMap<>();
        private final List<KeyringInUse.Held> holding = new ArrayList<>();

        private KeysCreatedInTransaction(Object store, KeyringInUse keyrings) {
            this.store = store;
            this.keyrings = keyrings;
        }

        static KeysCreatedInTransaction of(Object store) {
            return (KeysCreatedInTransaction) TransactionSynchronizationManager.getResource(store);
        }

        static KeysCreatedInTransaction bindTo(Object store, KeyringInUse keyrings) {
            KeysCreatedInTransaction created = of(store);
            if (created == null) {
                created = new KeysCreatedInTransaction(store, keyrings);
                TransactionSynchronizationManager.bindResource(store, created);
                TransactionSynchronizationManager.registerSynchronization(created);
            }
            return created;
        }

        @Override
        public void afterCommit() {
            onCommit.values().forEach(Runnable::run);
        }

        @Override
        public void afterCompletion(int status) {
            holding.forEach(keyrings::release);
            TransactionSynchronizationManager.unbindResourceIfPossible(store);
        }
    }

    private Optional<DataKey> currentKeyUnlessErased(String subjectId, MasterKeyring ring) {
        return jdbc.query("""
                SELECT EXISTS (SELECT 1 FROM erasure_fence WHERE subject_id = ?) AS erased,
                       current.subject_id, current.key_id, current.key_version, current.master_key_id, current.wrapped_key
                FROM (VALUES (1)) AS one LEFT JOIN (
                    SELECT subject_id, key_id, key_version, master_key_id, wrapped_key FROM subject_key
                    WHERE subject_id = ? ORDER BY key_version DESC LIMIT 1) AS current ON true""",
                (row, n) -> currentKey(subjectId, ring, row, n), subjectId, subjectId).get(0);
    }

    /** A row of the erasure flag and the subject's current key, if any. */
    private Optional<DataKey> currentKey(String subjectId, MasterKeyring ring, ResultSet row, int rowNumber)
            throws SQLException {
        if (row.getBoolean("erased")) {
            throw new SubjectErasedException(subjectId);
        }
        return row.getString("key_id") == null ? Optional.empty() : Optional.of(unwrap(ring, storedKey(row, rowNumber)));
    }

    private byte[] wrap(DataKey masterKey, String subjectId, String keyId, byte[] material) {
        return cipher.encrypt(masterKey, material, subjectId, place(keyId)).sealed();
    }

    private DataKey unwrap(MasterKeyring ring, StoredKey stored) {
        return new DataKey(stored.keyId(), stored.version(), material(ring, stored));
    }

    private byte[] material(MasterKeyring ring, StoredKey stored) {
        DataKey masterKey = ring.byId(stored.masterKeyId()).orElseThrow(() -> new IllegalStateException(
                "key " + stored.keyId() + " was wrapped by master key " + stored.masterKeyId()
                        + ", which is not in the configured master key file"));
        Envelope envelope = new Envelope(masterKey.keyId(), masterKey.version(), stored.wrapped());
        return cipher.decrypt(masterKey, envelope, stored.subjectId(), place(stored.keyId()));
    }

    private static String place(String keyId) {
        return WRAPPED_PLACE + "/" + keyId;
    }

    private StoredKey storedKey(ResultSet row, int rowNumber) throws SQLException {
        return new StoredKey(row.getString("subject_id"), row.getString("key_id"), row.getInt("key_version"),
                row.getString("master_key_id"), row.getBytes("wrapped_key"));
    }
}
