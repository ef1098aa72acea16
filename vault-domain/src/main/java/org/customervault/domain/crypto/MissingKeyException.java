package org.customervault.domain.crypto;

/** A ciphertext names a key that the key store does not hold. */
public class MissingKeyException extends RuntimeException {

    public MissingKeyException(String subjectId, String keyId, int version) {
        super("no key " + keyId + " v" + version + " for subject " + subjectId);
    }
}
