package org.customervault.infra.keys;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.customervault.domain.crypto.SubjectKeyStore;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded default's key store: data keys in the {@code subject_key} table, each wrapped with
 * AES-256-GCM by the master key from {@link MasterKeyFile} and bound to its subject and key id.
 *
 * <p>A new key is committed in a transaction of its own, before and apart from the events it will
 * protect: if the events roll back, an unused key remains, never events without their key.
 */
public final class LocalSubjectKeyStore implements SubjectKeyStore {

    private static final String WRAPPED_PLACE = "subject_key.wrapped_key";
    private static final int FIRST_VERSION = 1;

    private record StoredKey(String keyId, int version, String masterKeyId, byte[] wrapped) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final DataKey masterKey;
    private final FieldCipher cipher;
    private final SecureRandom random = new SecureRandom();

    public LocalSubjectKeyStore(DataSource dataSource, DataKey masterKey, FieldCipher cipher) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.masterKey = masterKey;
        this.cipher = cipher;
    }

    @Override
    public DataKey keyForWriting(String subjectId) {
        try {
            return ownTransaction.execute(status -> {
                if (fence(subjectId).isPresent()) {
                    throw new SubjectErasedException(subjectId);
                }
                return currentKey(subjectId).orElseGet(() -> create(subjectId));
            });
        } catch (DataAccessException e) {
            throw new KeyStoreUnavailableException("the local key store cannot be read", e);
        }
    }

    @Override
    public DataKey keyForReading(String subjectId, String keyId, int version) {
        List<StoredKey> found;
        try {
            found = jdbc.query("""
                    SELECT key_id, key_version, master_key_id, wrapped_key FROM subject_key
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
        return unwrap(subjectId, found.get(0));
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

    private Optional<ErasedKeys> fence(String subjectId) {
        return jdbc.query("SELECT key_ids, erased_at FROM erasure_fence WHERE subject_id = ?",
                (row, n) -> new ErasedKeys(subjectId,
                        row.getString("key_ids").isEmpty() ? List.of() : List.of(row.getString("key_ids").split(",")),
                        row.getTimestamp("erased_at").toInstant()), subjectId).stream().findFirst();
    }

    private DataKey create(String subjectId) {
        byte[] material = new byte[DataKey.KEY_BYTES];
        random.nextBytes(material);
        DataKey key = new DataKey(UUID.randomUUID().toString(), FIRST_VERSION, material);
        byte[] wrapped = cipher.encrypt(masterKey, material, subjectId, place(key.keyId())).sealed();
        int inserted = jdbc.update("""
                INSERT INTO subject_key (subject_id, key_version, key_id, master_key_id, wrapped_key)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (subject_id, key_version) DO NOTHING""",
                subjectId, FIRST_VERSION, key.keyId(), masterKey.keyId(), wrapped);
        // Zero rows: another node created this subject's key first, and everyone uses that one.
        return inserted == 1 ? key : currentKey(subjectId).orElseThrow();
    }

    private Optional<DataKey> currentKey(String subjectId) {
        return jdbc.query("""
                SELECT key_id, key_version, master_key_id, wrapped_key FROM subject_key
                WHERE subject_id = ? ORDER BY key_version DESC LIMIT 1""", this::storedKey, subjectId)
                .stream().findFirst().map(stored -> unwrap(subjectId, stored));
    }

    private DataKey unwrap(String subjectId, StoredKey stored) {
        if (!stored.masterKeyId().equals(masterKey.keyId())) {
            throw new IllegalStateException("key " + stored.keyId() + " was wrapped by master key "
                    + stored.masterKeyId() + ", but the configured master key is " + masterKey.keyId());
        }
        Envelope envelope = new Envelope(masterKey.keyId(), masterKey.version(), stored.wrapped());
        byte[] material = cipher.decrypt(masterKey, envelope, subjectId, place(stored.keyId()));
        return new DataKey(stored.keyId(), stored.version(), material);
    }

    private static String place(String keyId) {
        return WRAPPED_PLACE + "/" + keyId;
    }

    private StoredKey storedKey(ResultSet row, int rowNumber) throws SQLException {
        return new StoredKey(row.getString("key_id"), row.getInt("key_version"),
                row.getString("master_key_id"), row.getBytes("wrapped_key"));
    }
}
