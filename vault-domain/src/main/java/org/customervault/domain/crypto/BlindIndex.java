package org.customervault.domain.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Keyed tokens for exact-match search without plaintext: HMAC-SHA256 under the deployment's
 * blind-index key of a kind and an already normalised value. Equal values give equal tokens, so a
 * table of tokens answers "who has this email" and reveals nothing to anyone without the key.
 */
public final class BlindIndex {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKey key;
    private final ThreadLocal<Mac> macs;

    public BlindIndex(SecretKey key) {
        this.key = key;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public byte[] token(String kind, String normalizedValue) {
        Mac mac = macs.get();
        mac.update(kind.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(normalizedValue.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("the blind-index key is not an HMAC key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
        }
    }
}
