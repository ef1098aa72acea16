package org.customervault.domain.crypto;

/**
 * A ciphertext did not decrypt: it was altered, moved to another subject or field, or is not an
 * envelope of ours. Never carries the ciphertext or any plaintext in its message.
 */
public class DecryptionFailedException extends RuntimeException {

    public DecryptionFailedException(String message) {
        super(message);
    }

    public DecryptionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
