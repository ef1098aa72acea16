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
}
