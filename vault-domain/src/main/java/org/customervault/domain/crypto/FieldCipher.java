package org.customervault.domain.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for single values: a fresh random 96-bit nonce for every value, a 128-bit tag, and
 * associated data that binds the ciphertext to its key, subject and place, and for a value of a
 * stored event to that event's identifier.
 */
public final class FieldCipher {

    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(FieldCipher::newCipher);

    /** Seals a value bound to its subject and place: {@link Envelope.Format#CV1}, for read-model columns and keys. */
    public Envelope encrypt(DataKey key, byte[] plaintext, String subjectId, String place) {
        return encrypt(key, plaintext, Envelope.Format.CV1, associatedData(subjectId, place));
    }

    /**
     * Seals a value of a stored event, bound also to the event's identifier
     * ({@link Envelope.Format#CV2}), so it cannot be replayed into another event of the same
     * subject and field.
     */
    public Envelope encrypt(DataKey key, byte[] plaintext, String subjectId, String place, String eventId) {
        return encrypt(key, plaintext, Envelope.Format.CV2, associatedData(subjectId, place, eventId));
    }

    /** Opens a value bound to its subject and place; a value bound to an event is refused here. */
    public byte[] decrypt(DataKey key, Envelope envelope, String subjectId, String place) {
        if (envelope.format() != Envelope.Format.CV1) {
            throw new DecryptionFailedException("ciphertext is bound to a stored event and was read outside it");
        }
        return decrypt(key, envelope, associatedData(subjectId, place));
    }

    /**
     * Opens a value of the stored event {@code eventId}. Envelopes written before events were bound
     * ({@link Envelope.Format#CV1}) still open, bound to subject and place only.
     */
    public byte[] decrypt(DataKey key, Envelope envelope, String subjectId, String place, String eventId) {
        return decrypt(key, envelope, envelope.format() == Envelope.Format.CV1
                ? associatedData(subjectId, place) : associatedData(subjectId, place, eventId));
    }

    private Envelope encrypt(DataKey key, byte[] plaintext, Envelope.Format format, String binding) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(withHeader(format, key.keyId(), key.version(), binding));
            byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + cipher.getOutputSize(plaintext.length));
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_BYTES);
            return new Envelope(format, key.keyId(), key.version(), sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    private byte[] decrypt(DataKey key, Envelope envelope, String binding) {
        if (!key.names(envelope.keyId(), envelope.keyVersion())) {
            throw new DecryptionFailedException("ciphertext was sealed under another key");
        }
        byte[] sealed = envelope.sealed();
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new DecryptionFailedException("ciphertext too short");
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(),
                    new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(withHeader(envelope.format(), envelope.keyId(), envelope.keyVersion(), binding));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new DecryptionFailedException(envelope.format() == Envelope.Format.CV1
                    ? "ciphertext does not authenticate for this subject and place"
                    : "ciphertext does not authenticate for this subject, place and event");
        } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException("AES-GCM decryption failed", e);
        }
    }

    // NUL cannot occur in ids or place names, so the parts cannot be shifted into each other.
    private static String associatedData(String subjectId, String place) {
        return subjectId + '\0' + place;
    }

    private static String associatedData(String subjectId, String place, String eventId) {
        return subjectId + '\0' + place + '\0' + eventId;
    }

    private static byte[] withHeader(Envelope.Format format, String keyId, int keyVersion, String binding) {
        return (Envelope.header(format, keyId, keyVersion) + '\0' + binding).getBytes(StandardCharsets.UTF_8);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + TRANSFORMATION, e);
        }
    }
}
