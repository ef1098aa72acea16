package org.customervault.domain.crypto;

import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * The port to the deployment's blind-index keys: one key for all customers at a time, never in the
 * database. Keys are numbered from 1; a rotation makes the next one and, once no token made with
 * the old one is left, destroys the old one.
 */
public interface IndexKeyStore {

    /**
     * The key of {@code version}. It is made first if the store has no key of that version and
     * {@code version} is the one after the newest the store ever held, so that nodes asking at once
     * agree on one key.
     *
     * @return empty if that key was destroyed, or is not the next to make
     * @throws KeyStoreUnavailableException when the store does not answer
     */
    Optional<SecretKey> blindIndexKey(int version);

    /**
     * Destroys the key of {@code version} for good: no backup made from now on holds it. Destroying
     * a key that is gone already is not an error.
     *
     * @throws KeyStoreUnavailableException when the store does not answer; the key may still be there
     */
    void destroyBlindIndexKey(int version);

    /**
     * Whether the key of {@code version} can be made again from a key this store keeps for another
     * purpose, as the local store's first blind-index key is derived from a master key of a key file
     * of one bare line. Such a key is not gone while that key stays, whatever {@link #destroyBlindIndexKey}
     * removes: it is gone once the key it is derived from is retired.
     */
    default boolean blindIndexKeyDerivable(int version) {
        return false;
    }

    /**
     * The newest blind-index key version this store ever made, destroyed or not, so that the next
     * one is made after it (a database restored from before a rotation knows fewer); 0 if the store
     * cannot tell.
     *
     * @throws KeyStoreUnavailableException when the store does not answer
     */
    default int newestBlindIndexVersion() {
        return 0;
    }
}
