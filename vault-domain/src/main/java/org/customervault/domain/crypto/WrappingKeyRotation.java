package org.customervault.domain.crypto;

/**
 * Rotation of the key-encryption layer: the keys that protect the data keys are replaced, the data
 * keys themselves stay, so no event is rewritten and every old event stays readable.
 */
public interface WrappingKeyRotation {

    /**
     * Puts a new wrapping key in use and retires the old one wherever the store can.
     *
     * @throws KeyStoreUnavailableException when the store cannot rotate now; nothing changed then
     */
    RotatedWrappingKey rotateWrappingKey();
}
