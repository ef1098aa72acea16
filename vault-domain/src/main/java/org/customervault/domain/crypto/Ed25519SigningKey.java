package org.customervault.domain.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 key pair held in memory, signing with the JDK's own provider. The key stores keep it
 * as its two standard encodings, PKCS#8 for the private key and X.509 for the public key (the JDK
 * cannot derive one from the other), and this class checks at load that the two belong together.
 */
public final class Ed25519SigningKey implements SigningKey {

    private static final String ALGORITHM = "Ed25519";
    /** An X.509 Ed25519 public key is a fixed 12-byte prefix followed by the 32 key bytes (RFC 8410). */
    private static final int PUBLIC_KEY_BYTES = 32;

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private Ed25519SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = thumbprint(publicKeyBytes());
    }

    public static Ed25519SigningKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            return new Ed25519SigningKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make Ed25519 keys", e);
        }
    }

    /**
     * The key from its stored encodings; refuses a private and a public key that do not belong
     * together, since every signature would then fail verification without anyone noticing here.
     */
    public static Ed25519SigningKey fromEncoded(byte[] pkcs8PrivateKey, byte[] x509PublicKey) {
        Ed25519SigningKey key;
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            key = new Ed25519SigningKey(factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8PrivateKey)),
                    factory.generatePublic(new X509EncodedKeySpec(x509PublicKey)));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 key pair");
        }
        byte[] probe = "customer-vault/signing-key/probe".getBytes(StandardCharsets.US_ASCII);
        if (!key.verifies(probe, key.sign(probe))) {
            throw new IllegalArgumentException("the private and the public signing key do not belong together");
        }
        return key;
    }

    /** PKCS#8, as the key stores keep it. */
    public byte[] encodedPrivateKey() {
        return privateKey.getEncoded();
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] publicKeyBytes() {
        byte[] encoded = publicKey.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - PUBLIC_KEY_BYTES, encoded.length);
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }

    private boolean verifies(byte[] data, byte[] signed) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(publicKey);
            signature.update(data);
            return signature.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** RFC 7638: SHA-256 over the JWK's required members in lexicographic order, no whitespace. */
    private static String thumbprint(byte[] x) {
        String jwk = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + base64Url(x) + "\"}";
        try {
            return base64Url(MessageDigest.getInstance("SHA-256").digest(jwk.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
