package org.customervault.domain.crypto;

import java.util.Base64;

/**
 * A ciphertext with the name of its key: {@code cv1:<keyId>:<keyVersion>:<base64url(nonce|ciphertext|tag)>}.
 * The header is part of the associated data, so changing the named key breaks decryption too.
 */
public record Envelope(String keyId, int keyVersion, byte[] sealed) {

    private static final String PREFIX = "cv1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    public String encode() {
        return header(keyId, keyVersion) + ":" + ENCODER.encodeToString(sealed);
    }

    static String header(String keyId, int keyVersion) {
        return PREFIX + ":" + keyId + ":" + keyVersion;
    }

    public static boolean looksLikeEnvelope(String text) {
        return text.startsWith(PREFIX + ":");
    }

    public static Envelope decode(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 4 || !PREFIX.equals(parts[0]) || parts[1].isEmpty()) {
            throw new DecryptionFailedException("not a ciphertext envelope");
        }
        try {
            return new Envelope(parts[1], Integer.parseInt(parts[2]), DECODER.decode(parts[3]));
        } catch (IllegalArgumentException malformed) {
            throw new DecryptionFailedException("malformed ciphertext envelope");
        }
    }
}
