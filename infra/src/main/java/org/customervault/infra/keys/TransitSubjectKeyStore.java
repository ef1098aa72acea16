package org.customervault.infra.keys;

import java.time.Instant;
import javax.sql.DataSource;
import org.customervault.domain.crypto.RotatedWrappingKey;
import org.customervault.domain.crypto.WrappingKeyRotation;

/**
 * OpenBao's Transit mode: data keys generated in the vault, wrapped by one Transit key in OpenBao
 * ({@link TransitKeyWrapping}) and kept wrapped in table {@code subject_key} ({@link WrappedKeyTable}:
 * created inside the registration's transaction, so a registration that rolls back leaves no key),
 * with the erasure fence outside the database in OpenBao ({@link OpenBaoFence}). OpenBao holds one
 * key and the fence, not a secret per customer; concurrent registrations share its round trips.
 * Without an answer from OpenBao no key is wrapped or unwrapped, so the store fails closed.
 */
public final class TransitSubjectKeyStore extends WrappedKeyStore implements WrappingKeyRotation {

    private final TransitKeyWrapping wrapping;
    private final WrappedKeyTable.WrappingInUse inUse;

    TransitSubjectKeyStore(DataSource dataSource, TransitKeyWrapping wrapping, OpenBaoFence fence) {
        super(new WrappedKeyTable(dataSource, fence, "the OpenBao Transit key store"));
        this.wrapping = wrapping;
        this.inUse = new WrappedKeyTable.WrappingInUse(wrapping, () -> { });
    }

    /** The store on the Transit key {@code key} of the engine mounted at {@code transitMount}, its newest version read now. */
    public static TransitSubjectKeyStore open(DataSource dataSource, OpenBaoConnection connection, String transitMount,
                                              String key, OpenBaoFence fence) {
        return new TransitSubjectKeyStore(dataSource, new TransitKeyWrapping(connection, transitMount, key), fence);
    }

    @Override
    WrappedKeyTable.WrappingInUse wrappingInUse() {
        return inUse;
    }

    /**
     * Rotates the Transit key, then has OpenBao wrap every stored data key again under its newest
     * version, 500 rows per call. Older versions stay able to unwrap, so keys wrapped by a node
     * during the rotation stay readable; the next rotation re-wraps them. Any node may rotate.
     */
    @Override
    public synchronized RotatedWrappingKey rotateWrappingKey() {
        wrapping.rotate();
        int rewrapped = table.rewrap(wrapping);
        return new RotatedWrappingKey("transit", wrapping.wrappingKeyId(), rewrapped, Instant.now());
    }
}
