package org.customervault.domain.crypto;

import java.util.function.Supplier;

/**
 * Encrypts and decrypts a subject's values under that subject's own key, each bound to a place: a
 * record and field name such as {@code CustomerRegisteredEvent.email} or
 * {@code customer_view.email}.
 */
public final class SubjectCipher {

    private final SubjectKeyStore keys;
    private final FieldCipher cipher;
    private final CipherObserver observer;

    public SubjectCipher(SubjectKeyStore keys, FieldCipher cipher) {
        this(keys, cipher, CipherObserver.NONE);
    }

    public SubjectCipher(SubjectKeyStore keys, FieldCipher cipher, CipherObserver observer) {
        this.keys = keys;
        this.cipher = cipher;
        this.observer = observer;
    }

    public String encrypt(String subjectId, String place, byte[] plaintext) {
        return observed(CipherObserver.Operation.ENCRYPT,
                () -> cipher.encrypt(keys.keyForWriting(subjectId), plaintext, subjectId, place).encode());
    }

    /** As {@link #encrypt(String, String, byte[])}, for a value of the stored event {@code eventId}, bound to it too. */
    public String encrypt(String subjectId, String place, String eventId, byte[] plaintext) {
        return observed(CipherObserver.Operation.ENCRYPT,
                () -> cipher.encrypt(keys.keyForWriting(subjectId), plaintext, subjectId, place, eventId).encode());
    }

    public byte[] decrypt(String subjectId, String place, String encoded) {
        return observed(CipherObserver.Operation.DECRYPT, () -> {
            Envelope envelope = Envelope.decode(encoded);
            return cipher.decrypt(key(subjectId, envelope), envelope, subjectId, place);
        });
    }

    /** Opens a value of the stored event {@code eventId}, whether it was sealed bound to the event or before that. */
    public byte[] decrypt(String subjectId, String place, String eventId, String encoded) {
        return observed(CipherObserver.Operation.DECRYPT, () -> {
            Envelope envelope = Envelope.decode(encoded);
            return cipher.decrypt(key(subjectId, envelope), envelope, subjectId, place, eventId);
        });
    }

    private DataKey key(String subjectId, Envelope envelope) {
        return keys.keyForReading(subjectId, envelope.keyId(), envelope.keyVersion());
    }

    private <T> T observed(CipherObserver.Operation operation, Supplier<T> work) {
        long started = System.nanoTime();
        boolean succeeded = false;
        try {
            T result = work.get();
            succeeded = true;
            return result;
        } finally {
            observer.observed(operation, System.nanoTime() - started, succeeded);
        }
    }
}
