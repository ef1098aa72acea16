package org.customervault.infra.keys;

import java.util.List;

/**
 * How the data keys in table {@code subject_key} are wrapped, each bound to its subject and key id so
 * that a wrapped key moved to another subject's row does not open: by a master key of the local
 * keyring ({@link MasterKeyWrapping}) or by OpenBao's Transit engine ({@link TransitKeyWrapping}).
 */
interface DataKeyWrapping {

    /** A wrapped data key and the name of the wrapping key (never the key) that wrapped it, as {@code master_key_id} stores it. */
    record Wrapped(String wrappingKeyId, byte[] wrapped) {
    }

    /** The name of the wrapping key in use: rows naming another are wrapped again by a rotation. */
    String wrappingKeyId();

    Wrapped wrap(String subjectId, String keyId, byte[] material);

    /** The material of a stored key; refused when the row's subject or key id is not the one it was wrapped for. */
    byte[] unwrap(WrappedKeyTable.StoredKey stored);

    /** The keys wrapped again under the wrapping key in use, in the order given. */
    List<Wrapped> rewrap(List<WrappedKeyTable.StoredKey> stale);
}
