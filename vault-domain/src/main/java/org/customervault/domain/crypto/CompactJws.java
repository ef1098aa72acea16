package org.customervault.domain.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A JWS in compact serialization (RFC 7515) signed with EdDSA (RFC 8037): {@code
 * base64url(header) "." base64url(payload) "." base64url(signature)}, the signature over the first
 * two parts as ASCII. Chosen over a signature of its own format so that any JOSE library, or
 * openssl and a few lines of Python, verifies it offline, and so that it carries what it signs:
 * the verifier needs the public key and nothing else.
 */
public final class CompactJws {

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");

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

    /**
     * The payload of a JWS that this public key signed with EdDSA, whose header names this
     * {@code type}; empty for anything else (a malformed JWS, another key's signature, another
     * algorithm or type, a changed header or payload).
     */
    public static Optional<byte[]> verifiedPayload(PublicKey key, String type, String jws) {
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3 || !BASE64URL.matcher(parts[0]).matches() || !BASE64URL.matcher(parts[1]).matches()
                || !BASE64URL.matcher(parts[2]).matches()) {
            return Optional.empty();
        }
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        // The vault writes its header in one form only, so anything else was not written by it.
        if (!header.matches("\\{\"alg\":\"EdDSA\",\"kid\":\"[A-Za-z0-9_-]+\",\"typ\":\"" + Pattern.quote(type) + "\"}")) {
            return Optional.empty();
        }
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(parts[2]))
                    ? Optional.of(Base64.getUrlDecoder().decode(parts[1])) : Optional.empty();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
