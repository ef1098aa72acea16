package org.customervault.domain.crypto;

import java.util.Objects;
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
