package org.customervault.api.signing;

import java.util.Base64;
import org.customervault.domain.crypto.SigningKey;

/**
 * The deployment's public signing key, in the two forms verifiers take: PEM for openssl and most
 * crypto libraries, a JWK (RFC 8037) for JOSE libraries. {@code kid} is the JWK thumbprint that
 * every signature by this key names in its header.
 */
public record SigningKeyResponse(String kid, String algorithm, String pem, Jwk jwk) {

    public record Jwk(String kty, String crv, String x, String kid) {
    }

    static SigningKeyResponse of(SigningKey key) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String x = Base64.getUrlEncoder().withoutPadding().encodeToString(key.publicKeyBytes());
        return new SigningKeyResponse(key.keyId(), "EdDSA", pem, new Jwk("OKP", "Ed25519", x, key.keyId()));
    }
}
