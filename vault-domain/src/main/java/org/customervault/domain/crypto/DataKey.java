package org.customervault.domain.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** One subject's AES-256 data key, named by an id and a version that every ciphertext carries. */
public final class DataKey {

    public static final int KEY_BYTES = 32;

    private final String keyId;
    private final int version;
    private final SecretKey secretKey;

    public DataKey(String keyId, int version, byte[] material) {
        if (material.length != KEY_BYTES) {
            throw new IllegalArgumentException("a data key has " + KEY_BYTES + " bytes");
        }
        if (keyId.isEmpty() || keyId.contains(":")) {
            throw new IllegalArgumentException("a key id is not empty and has no ':'");
        }
        this.keyId = keyId;
        this.version = version;
        this.secretKey = new SecretKeySpec(material, "AES");
    }

    public String keyId() {
        return keyId;
    }

    public int version() {
        return version;
    }

    SecretKey secretKey() {
        return secretKey;
    }

    /**
     * A key for another purpose derived from this one (HMAC-SHA256 of the purpose), so one secret
     * can stand behind several keys without any of them revealing another.
     */
    public SecretKey derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secretKey);
            return new SecretKeySpec(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive a key", e);
        }
    }

    public boolean names(String otherKeyId, int otherVersion) {
        return keyId.equals(otherKeyId) && version == otherVersion;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataKey key && key.names(keyId, version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, version);
    }

    /** Names the key and never shows its material. */
    @Override
    public String toString() {
        return "DataKey[" + keyId + " v" + version + "]";
    }
}
