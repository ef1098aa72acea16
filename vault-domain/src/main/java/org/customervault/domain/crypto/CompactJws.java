package org.customervault.domain.crypto;

import java.nio.charset.StandardCharsets;

/**
 * A JWS in compact serialization (RFC 7515) signed with EdDSA (RFC 8037): {@code
 * base64url(header) "." base64url(payload) "." base64url(signature)}, the signature over the first
 * two parts as ASCII. Chosen over a signature of its own format so that any JOSE library, or
 * openssl and a few lines of Python, verifies it offline, and so that it carries what it signs:
 * the verifier needs the public key and nothing else.
 */
public final class CompactJws {

    private CompactJws() {
    }

    /**
     * Signs the payload; {@code type} goes into the {@code typ} header, so that one key can sign
     * several kinds of document without one passing for another.
     */
    public static String sign(SigningKey key, String type, byte[] payload) {
        String header = "{\"alg\":\"EdDSA\",\"kid\":\"" + key.keyId() + "\",\"typ\":\"" + type + "\"}";
        String signingInput = Ed25519SigningKey.base64Url(header.getBytes(StandardCharsets.US_ASCII)) + "."
                + Ed25519SigningKey.base64Url(payload);
        return signingInput + "." + Ed25519SigningKey.base64Url(key.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}
