package org.customervault.domain.crypto;

import java.security.PublicKey;

/**
 * The port to the deployment's signing key: one Ed25519 key per deployment, kept with the other
 * deployment keys in the key store (beside the master key file, or in Vault/OpenBao), never in the
 * database. It signs what the vault vouches for after the fact: erasure certificates, and later the
 * checkpoints of the hash chains. Whoever holds only the database cannot forge what it signs.
 */
public interface SigningKey {

    /** The key's public name: its JWK thumbprint (RFC 7638), so a verifier can compute it from the key. */
    String keyId();

    /** The public key, as an X.509 {@code SubjectPublicKeyInfo} ({@link PublicKey#getEncoded()}). */
    PublicKey publicKey();

    /** The 32 bytes of the public key, the JWK's {@code x}. */
    byte[] publicKeyBytes();

    /** An Ed25519 signature (64 bytes) over the given bytes. */
    byte[] sign(byte[] data);
}
