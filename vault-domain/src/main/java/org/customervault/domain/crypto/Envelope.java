package org.customervault.domain.crypto;

import java.util.Base64;
import java.util.Locale;

/**
 * A ciphertext with the name of its key: {@code <format>:<keyId>:<keyVersion>:<base64url(nonce|ciphertext|tag)>}.
 * The header is part of the associated data, so changing the named key or the format breaks
 * decryption too.
 */
public record Envelope(Format format, String keyId, int keyVersion, byte[] sealed) {

    /** What a ciphertext is bound to besides its key, named by the envelope's prefix. */
    public enum Format {
        /** Bound to a subject and a place (record and field, or table and column). */
        CV1,
        /** Bound to a subject, a place and the identifier of the stored event that holds it. */
        CV2;

        String prefix() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Format ofPrefix(String prefix) {
            for (Format format : values()) {
                if (format.prefix().equals(prefix)) {
                    return format;
                }
            }
            throw new DecryptionFailedException("not a ciphertext envelope");
        }
    }

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** An envelope bound to a subject and a place only. */
    public Envelope(String keyId, int keyVersion, byte[] sealed) {
        this(Format.CV1, keyId, keyVersion, sealed);
    }

    public String encode() {
        return header(format, keyId, keyVersion) + ":" + ENCODER.encodeToString(sealed);
    }

    static String header(Format format, String keyId, int keyVersion) {
        return format.prefix() + ":" + keyId + ":" + keyVersion;
    }

    public static boolean looksLikeEnvelope(String text) {
        for (Format format : Format.values()) {
            if (text.startsWith(format.prefix() + ":")) {
                return true;
            }
        }
        return false;
    }

    public static Envelope decode(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 4 || parts[1].isEmpty()) {
            throw new DecryptionFailedException("not a ciphertext envelope");
        }
        Format format = Format.ofPrefix(parts[0]);
        try {
            return new Envelope(format, parts[1], Integer.parseInt(parts[2]), DECODER.decode(parts[3]));
        } catch (IllegalArgumentException malformed) {
            throw new DecryptionFailedException("malformed ciphertext envelope");
        }
    }
}
