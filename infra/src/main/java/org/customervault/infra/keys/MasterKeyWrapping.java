package org.customervault.infra.keys;

import java.util.List;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.Envelope;
import org.customervault.domain.crypto.FieldCipher;

/**
 * Wrapping by one version of the local {@link MasterKeyring}: AES-256-GCM under its current master
 * key, with the subject and key id as associated data.
 */
final class MasterKeyWrapping implements DataKeyWrapping {

    private static final String WRAPPED_PLACE = "subject_key.wrapped_key";

    private final MasterKeyring ring;
    private final FieldCipher cipher;

    MasterKeyWrapping(MasterKeyring ring, FieldCipher cipher) {
        this.ring = ring;
        this.cipher = cipher;
    }

    @Override
    public String wrappingKeyId() {
        return ring.current().keyId();
    }

    @Override
    public Wrapped wrap(String subjectId, String keyId, byte[] material) {
        DataKey master = ring.current();
        return new Wrapped(master.keyId(), cipher.encrypt(master, material, subjectId, place(keyId)).sealed());
    }

    @Override
    public byte[] unwrap(WrappedKeyTable.StoredKey stored) {
        DataKey masterKey = ring.byId(stored.wrappingKeyId()).orElseThrow(() -> new IllegalStateException(
                "key " + stored.keyId() + " was wrapped by master key " + stored.wrappingKeyId()
                        + ", which is not in the configured master key file"));
        Envelope envelope = new Envelope(masterKey.keyId(), masterKey.version(), stored.wrapped());
        return cipher.decrypt(masterKey, envelope, stored.subjectId(), place(stored.keyId()));
    }

    @Override
    public List<Wrapped> rewrap(List<WrappedKeyTable.StoredKey> stale) {
        return stale.stream().map(stored -> wrap(stored.subjectId(), stored.keyId(), unwrap(stored))).toList();
    }

    private static String place(String keyId) {
        return WRAPPED_PLACE + "/" + keyId;
    }
}
