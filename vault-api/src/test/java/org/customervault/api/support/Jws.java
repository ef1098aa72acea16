package org.customervault.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * A compact JWS as a verifier outside the vault sees it, checked with BouncyCastle's own Ed25519,
 * not the JDK's that signed it: a signature that only the signer's library accepts proves nothing.
 */
public record Jws(String header, String payload, String signature) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Jws parse(String compact) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a compact JWS has three parts");
        }
        return new Jws(parts[0], parts[1], parts[2]);
    }

    public JsonNode headerJson() {
        return json(header);
    }

    public JsonNode payloadJson() {
        return json(payload);
    }

    /** The same header and signature over another payload, as a forger who changed a field would send it. */
    public Jws withPayload(JsonNode changed) {
        try {
            return new Jws(header, Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(changed)),
                    signature);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String compact() {
        return header + "." + payload + "." + signature;
    }

    /** Verifies against a {@code PUBLIC KEY} PEM block, as published by the vault. */
    public boolean verifiesWithPem(String pem) {
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "");
        try {
            return verifies(PublicKeyFactory.createKey(Base64.getMimeDecoder().decode(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Verifies against the {@code x} of an OKP JWK: the raw 32 bytes of the public key. */
    public boolean verifiesWithJwkX(String x) {
        return verifies(new Ed25519PublicKeyParameters(Base64.getUrlDecoder().decode(x), 0));
    }

    private boolean verifies(AsymmetricKeyParameter key) {
        byte[] input = (header + "." + payload).getBytes(StandardCharsets.US_ASCII);
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(input, 0, input.length);
        return verifier.verifySignature(Base64.getUrlDecoder().decode(signature));
    }

    private static JsonNode json(String part) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(part));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
