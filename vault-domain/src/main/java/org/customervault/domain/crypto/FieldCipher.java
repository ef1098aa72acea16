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
 * associated data that binds the ciphertext to its key, subject and place.
 */
public final class FieldCipher {

    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(FieldCipher::newCipher);

    public Envelope encrypt(DataKey key, byte[] plaintext, String subjectId, String place) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(key.keyId(), key.version(), subjectId, place));
            byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + cipher.getOutputSize(plaintext.length));
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_BYTES);
            return new Envelope(key.keyId(), key.version(), sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public byte[] decrypt(DataKey key, Envelope envelope, String subjectId, String place) {
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
            cipher.updateAAD(associatedData(envelope.keyId(), envelope.keyVersion(), subjectId, place));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new DecryptionFailedException("ciphertext does not authenticate for this subject and place");
        } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException("AES-GCM decryption failed", e);
        }
    }

    private static byte[] associatedData(String keyId, int keyVersion, String subjectId, String place) {
        // NUL cannot occur in ids or place names, so the parts cannot be shifted into each other.
        return (Envelope.header(keyId, keyVersion) + '\0' + subjectId + '\0' + place)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + TRANSFORMATION, e);
        }
    }
}
