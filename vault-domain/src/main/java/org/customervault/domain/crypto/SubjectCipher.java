package org.customervault.domain.crypto;

/**
 * Encrypts and decrypts a subject's values under that subject's own key, each bound to a place: a
 * record and field name such as {@code CustomerRegisteredEvent.email} or
 * {@code customer_view.email}.
 */
public final class SubjectCipher {

    private final SubjectKeyStore keys;
    private final FieldCipher cipher;

    public SubjectCipher(SubjectKeyStore keys, FieldCipher cipher) {
        this.keys = keys;
        this.cipher = cipher;
    }

    public String encrypt(String subjectId, String place, byte[] plaintext) {
        return cipher.encrypt(keys.keyForWriting(subjectId), plaintext, subjectId, place).encode();
    }

    public byte[] decrypt(String subjectId, String place, String encoded) {
        Envelope envelope = Envelope.decode(encoded);
        DataKey key = keys.keyForReading(subjectId, envelope.keyId(), envelope.keyVersion());
        return cipher.decrypt(key, envelope, subjectId, place);
    }
}
