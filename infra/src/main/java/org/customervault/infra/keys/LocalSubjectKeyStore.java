package org.customervault.infra.keys;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.Envelope;
import org.customervault.domain.crypto.ErasedKeys;
import org.customervault.domain.crypto.FieldCipher;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.MissingKeyException;
import org.customervault.domain.crypto.SubjectErasedException;
import org.customervault.domain.crypto.RotatedWrappingKey;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.customervault.domain.crypto.WrappingKeyRotation;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded default's key store: data keys in the {@code subject_key} table, each wrapped with
 * AES-256-GCM by the master key in use of the {@link MasterKeyring} and bound to its subject and key id.
 *
 * <p>A new key is committed in a transaction of its own, before and apart from the events it will
 * protect: if the events roll back, an unused key remains, never events without their key. That
 * commit does not wait for the disk ({@code synchronous_commit} off for it alone): the key's table
 * lives in the events' database, and PostgreSQL writes its log in order, so the durable commit of
 * any event encrypted with the key makes the key's commit, logged before it, durable too. A crash
 * before that can only lose a key that no stored event uses. A registration thus waits for the disk
 * once, not twice.
 */
public final class LocalSubjectKeyStore implements SubjectKeyStore, WrappingKeyRotation {

    private static final String WRAPPED_PLACE = "subject_key.wrapped_key";
    private static final int FIRST_VERSION = 1;
    private static final int REWRAP_BATCH = 500;

    private record StoredKey(String subjectId, String keyId, int version, String masterKeyId, byte[] wrapped) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final FieldCipher cipher;
    private final SecureRandom random = new SecureRandom();
    private volatile MasterKeyring keyring;

    public LocalSubjectKeyStore(DataSource dataSource, MasterKeyring keyring, FieldCipher cipher) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.keyring = keyring;
        this.cipher = cipher;
    }

    /**
     * Reads an existing key on the caller's connection (inside a command's transaction, no second
     * connection is taken), in one round trip that also looks for the erasure fence; only a new key
     * needs a transaction of its own.
     */
    @Override
    public DataKey keyForWriting(String subjectId) {
        try {
            return currentKeyUnlessErased(subjectId).orElseGet(() -> ownTransaction.execute(status -> create(subjectId)));
        } catch (DataAccessException e) {
            throw new KeyStoreUnavailableException("the local key store cannot be read", e);
        }
    }

    @Override
    public DataKey keyForReading(String subjectId, String keyId, int version) {
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
        return unwrap(found.get(0));
    }

    /**
     * Deletes the subject's wrapped keys and sets the fence in one transaction. The rows are gone
     * from the live database; a backup taken before still holds them, which is why production
     * deployments keep keys in Vault/OpenBao instead.
     */
    @Override
    public ErasedKeys destroy(String subjectId) {
        try {
            return ownTransaction.execute(status -> {
                List<String> keyIds = jdbc.queryForList(
                        "DELETE FROM subject_key WHERE subject_id = ? RETURNING key_id", String.class, subjectId);
                jdbc.update("INSERT INTO erasure_fence (subject_id, key_ids) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        subjectId, String.join(",", keyIds));
                return fence(subjectId).orElseThrow();
            });
        } catch (DataAccessException e) {
            throw new KeyStoreUnavailableException("the local key store cannot destroy keys", e);
        }
    }

    @Override
    public List<String> erasedSubjects() {
        try {
            return jdbc.queryForList("SELECT subject_id FROM erasure_fence", String.class);
        } catch (DataAccessException e) {
            throw new KeyStoreUnavailableException("the local key store cannot be read", e);
        }
    }

    /**
     * Wraps every data key again under a new master key, in one transaction, then drops the old
     * master key from the keyring. The new key is in the file before any row names it, and the old
     * one leaves only after the commit, so a crash at any point leaves every key unwrappable; the
     * next rotation finishes what a crashed one left. One node only: another node holding the old
     * keyring could not unwrap the new rows (several nodes keep their keys in Vault/OpenBao).
     */
    @Override
    public synchronized RotatedWrappingKey rotateWrappingKey() {
        keyring = keyring.withNewCurrent();
        DataKey current = keyring.current();
        Integer rewrapped;
        try {
            rewrapped = ownTransaction.execute(status -> {
                List<StoredKey> stale = jdbc.query("""
                        SELECT subject_id, key_id, key_version, master_key_id, wrapped_key FROM subject_key
                        WHERE master_key_id <> ? FOR UPDATE""", this::storedKey, current.keyId());
                jdbc.batchUpdate("UPDATE subject_key SET master_key_id = ?, wrapped_key = ? WHERE subject_id = ? AND key_version = ?",
                        stale, REWRAP_BATCH, (statement, stored) -> {
                            statement.setString(1, current.keyId());
                            statement.setBytes(2, wrap(stored.subjectId(), stored.keyId(), material(stored)));
                            statement.setString(3, stored.subjectId());
                            statement.setInt(4, stored.version());
                        });
                return stale.size();
            });
        } catch (DataAccessException e) {
            throw new KeyStoreUnavailableException(
                    "the local key store cannot re-wrap its keys; the old master key stays until a rotation succeeds", e);
        }
        keyring = keyring.withoutRetired();
        return new RotatedWrappingKey("local", current.keyId(), rewrapped == null ? 0 : rewrapped, Instant.now());
    }

    private Optional<ErasedKeys> fence(String subjectId) {
        return jdbc.query("SELECT key_ids, erased_at FROM erasure_fence WHERE subject_id = ?",
                (row, n) -> new ErasedKeys(subjectId,
                        row.getString("key_ids").isEmpty() ? List.of() : List.of(row.getString("key_ids").split(",")),
                        row.getTimestamp("erased_at").toInstant()), subjectId).stream().findFirst();
    }

    /**
     * Inserts a new key unless the subject is erased, in the same round trip as the setting that
     * keeps this transaction's commit from waiting for the disk (see the class comment).
     */
    private DataKey create(String subjectId) {
        byte[] material = new byte[DataKey.KEY_BYTES];
        random.nextBytes(material);
        DataKey key = new DataKey(UUID.randomUUID().toString(), FIRST_VERSION, material);
        byte[] wrapped = wrap(subjectId, key.keyId(), material);
        boolean inserted = Boolean.TRUE.equals(jdbc.execute((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SET LOCAL synchronous_commit TO OFF;
                    INSERT INTO subject_key (subject_id, key_version, key_id, master_key_id, wrapped_key)
                    SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM erasure_fence WHERE subject_id = ?)
                    ON CONFLICT (subject_id, key_version) DO NOTHING""")) {
                statement.setString(1, subjectId);
                statement.setInt(2, FIRST_VERSION);
                statement.setString(3, key.keyId());
                statement.setString(4, keyring.current().keyId());
                statement.setBytes(5, wrapped);
                statement.setString(6, subjectId);
                statement.execute();
                statement.getMoreResults();
                return statement.getUpdateCount() == 1;
            }
        }));
        // Not inserted: the subject was erased, or another node created its key first and everyone uses that one.
        return inserted ? key : currentKeyUnlessErased(subjectId).orElseThrow();
    }

    private Optional<DataKey> currentKeyUnlessErased(String subjectId) {
        return jdbc.query("""
                SELECT EXISTS (SELECT 1 FROM erasure_fence WHERE subject_id = ?) AS erased,
                       current.subject_id, current.key_id, current.key_version, current.master_key_id, current.wrapped_key
                FROM (VALUES (1)) AS one LEFT JOIN (
                    SELECT subject_id, key_id, key_version, master_key_id, wrapped_key FROM subject_key
                    WHERE subject_id = ? ORDER BY key_version DESC LIMIT 1) AS current ON true""",
                (row, n) -> {
                    if (row.getBoolean("erased")) {
                        throw new SubjectErasedException(subjectId);
                    }
                    return row.getString("key_id") == null ? Optional.<DataKey>empty() : Optional.of(unwrap(storedKey(row, n)));
                }, subjectId, subjectId).get(0);
    }

    private byte[] wrap(String subjectId, String keyId, byte[] material) {
        return cipher.encrypt(keyring.current(), material, subjectId, place(keyId)).sealed();
    }

    private DataKey unwrap(StoredKey stored) {
        return new DataKey(stored.keyId(), stored.version(), material(stored));
    }

    private byte[] material(StoredKey stored) {
        DataKey masterKey = keyring.byId(stored.masterKeyId()).orElseThrow(() -> new IllegalStateException(
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
