package org.customervault.api.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.customervault.domain.crypto.IndexKeyStore;
import org.customervault.projections.customer.BlindIndexKeys;

/**
 * The keyed hashes of the idempotency table: HMAC-SHA256 under a key derived from the deployment's
 * current blind-index key, which every node holds and which never is in the database. A plain hash of
 * a body would let whoever reads the table test guesses (an email, a national id) against it; without
 * the key nothing can be tested. The derived key is apart from the blind-index key itself (its own
 * label), so a hash here never equals a search token. A blind-index rotation changes it: keys sent
 * before the rotation are not recognised after it.
 */
final class IdempotencySecret {

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] LABEL = "customer-vault idempotency keys v1".getBytes(StandardCharsets.UTF_8);

    private final BlindIndexKeys versions;
    private final IndexKeyStore store;
    private final Map<Integer, SecretKey> derived = new ConcurrentHashMap<>();

    IdempotencySecret(BlindIndexKeys versions, IndexKeyStore store) {
        this.versions = versions;
        this.store = store;
    }

    /** HMAC-SHA256 of the parts, each followed by a zero byte so that no two lists of parts hash alike. */
    byte[] hash(byte[]... parts) {
        Mac mac = mac(key());
        for (byte[] part : parts) {
            mac.update(part);
            mac.update((byte) 0);
        }
        return mac.doFinal();
    }

    private SecretKey key() {
        int version = versions.currentVersion();
        SecretKey key = derived.get(version);
        if (key == null) {
            SecretKey blindIndexKey = store.blindIndexKey(version)
                    .orElseThrow(() -> new IllegalStateException("the key store has no blind-index key of version " + version));
            key = new SecretKeySpec(mac(blindIndexKey).doFinal(LABEL), ALGORITHM);
            // only the current version is ever needed: older ones leave memory with the rotation
            derived.keySet().removeIf(held -> held != version);
            derived.put(version, key);
        }
        return key;
    }

    private static Mac mac(SecretKey key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make " + ALGORITHM + " under the blind-index key", e);
        }
    }
}
