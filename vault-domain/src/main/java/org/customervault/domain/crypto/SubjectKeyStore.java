package org.customervault.domain.crypto;

/**
 * The port to wherever data keys live: one key per data subject.
 *
 * <p>Implementations throw {@link KeyStoreUnavailableException} when they cannot answer, so that
 * callers fail closed instead of storing or showing anything.
 */
public interface SubjectKeyStore {

    /**
     * The key new values of this subject are encrypted with; created on the first call, so a
     * subject's key exists before its first event is stored.
     */
    DataKey keyForWriting(String subjectId);

    /**
     * The key that encrypted a value of this subject, named by the id and version the ciphertext
     * carries.
     *
     * @throws MissingKeyException when the store holds no such key
     */
    DataKey keyForReading(String subjectId, String keyId, int version);
}
