package org.customervault.infra.keys;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.crypto.SecretKey;
import javax.sql.DataSource;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.FieldCipher;
import org.customervault.domain.crypto.IndexKeyStore;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.RotatedWrappingKey;
import org.customervault.domain.crypto.WrappingKeyRotation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default's key store: data keys in the {@code subject_key} table ({@link WrappedKeyTable}:
 * created inside the registration's transaction, fenced in table and outside), each wrapped with
 * AES-256-GCM by the master key in use of the {@link MasterKeyring} and bound to its subject and key
 * id. The fence outside the database is the {@link FenceFile} beside the master key file.
 *
 * <p>The blind-index keys are lines of the same keyring file, so that every change of the file,
 * whether to master keys or to blind-index keys, starts from the other's last one.
 */
public final class LocalSubjectKeyStore extends WrappedKeyStore implements WrappingKeyRotation, IndexKeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSubjectKeyStore.class);
    /** How long a rotation waits for the transactions that wrapped new data keys under the old master key. */
    private static final Duration WRITERS_PATIENCE = Duration.ofSeconds(30);

    private final FieldCipher cipher;
    private final KeyringInUse keyrings;
    private final Duration writersPatience;

    public LocalSubjectKeyStore(DataSource dataSource, MasterKeyring keyring, FenceFile fenceFile, FieldCipher cipher) {
        this(dataSource, keyring, fenceFile, cipher, WRITERS_PATIENCE);
    }

    LocalSubjectKeyStore(DataSource dataSource, MasterKeyring keyring, FenceFile fenceFile, FieldCipher cipher,
                         Duration writersPatience) {
        super(new WrappedKeyTable(dataSource, fenceFile, "the local key store"));
        this.keyrings = new KeyringInUse(keyring);
        this.cipher = cipher;
        this.writersPatience = writersPatience;
    }

    /**
     * The keyring version this call wraps and unwraps with, held until the key it wrapped is visible
     * to a rotation or gone (see {@link KeyringInUse}), so a row names a master key that stays.
     */
    @Override
    WrappedKeyTable.WrappingInUse wrappingInUse() {
        KeyringInUse.Held held = keyrings.hold();
        return new WrappedKeyTable.WrappingInUse(new MasterKeyWrapping(held.keyring(), cipher), () -> keyrings.release(held));
    }

    /**
     * Puts a new master key in use, waits for the transactions that wrapped new data keys under an
     * older one (their rows are invisible until they commit), wraps every data key again under the
     * new master key (in batches, see {@link WrappedKeyTable#rewrap}), and then retires each older master key that no row names.
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
        int rewrapped = table.rewrap(new MasterKeyWrapping(ring, cipher));
        Set<String> stillNamed = table.wrappingKeysOtherThan(current.keyId());
        Set<String> kept = olderCallsDone ? stillNamed : ring.olderKeyIds();
        if (!kept.isEmpty()) {
            LOG.warn("the rotation keeps the older master keys {}: data keys wrapped by them were not committed after {}"
                    + " or are still stored; a later rotation retires them", kept, writersPatience);
        }
        keyrings.replace(keyring -> keyring.retiringAllBut(kept));
        return new RotatedWrappingKey("local", current.keyId(), rewrapped, Instant.now());
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
}
