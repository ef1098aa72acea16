package org.customervault.infra.keys;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Logical;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.ErasedKeys;
import org.customervault.domain.crypto.IndexKeyStore;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.MissingKeyException;
import org.customervault.domain.crypto.SubjectErasedException;
import org.customervault.domain.crypto.SubjectKeyStore;

/**
 * Data keys in HashiCorp Vault or OpenBao, KV version 2: one secret per subject at
 * {@code <mount>/keys/<subject>}, written once (check-and-set 0, so concurrent first writes on
 * several nodes agree on one key), the erasure fence at {@code <mount>/erased/<subject>}, and the
 * deployment's blind-index key at {@code <mount>/deployment/blind-index}. No key
 * material, wrapped or not, is ever in PostgreSQL, so restoring a database backup cannot bring an
 * erased customer's key back.
 */
public final class VaultKeyStore implements SubjectKeyStore, IndexKeyStore {

    private static final int FIRST_VERSION = 1;
    private static final int OK = 200;
    private static final int NO_CONTENT = 204;
    private static final int CHECK_AND_SET_LOST = 400;
    private static final int FORBIDDEN = 403;
    private static final int NOT_FOUND = 404;

    private final Logical logical;
    private final String mount;
    private final SecureRandom random = new SecureRandom();

    public VaultKeyStore(VaultConfig config, String mount) {
        this.logical = Vault.create(config).logical();
        this.mount = mount;
    }

    @Override
    public DataKey keyForWriting(String subjectId) {
        if (fence(subjectId).isPresent()) {
            throw new SubjectErasedException(subjectId);
        }
        return storedKey(subjectId).orElseGet(() -> create(subjectId));
    }

    @Override
    public DataKey keyForReading(String subjectId, String keyId, int version) {
        if (fence(subjectId).isPresent()) {
            throw new SubjectErasedException(subjectId);
        }
        return storedKey(subjectId).filter(key -> key.names(keyId, version))
                .orElseThrow(() -> new MissingKeyException(subjectId, keyId, version));
    }

    /** Sets the fence first, then destroys the key: a crash between leaves a fenced subject whose key no read returns. */
    @Override
    public ErasedKeys destroy(String subjectId) {
        Optional<ErasedKeys> fenced = fence(subjectId);
        if (fenced.isEmpty()) {
            List<String> keyIds = storedKey(subjectId).map(key -> List.of(key.keyId())).orElse(List.of());
            writeOnce(mount + "/erased/" + subjectId,
                    Map.of("keyIds", String.join(",", keyIds), "erasedAt", Instant.now().toString()));
            fenced = fence(subjectId);
        }
        try {
            // The driver does not throw on every refusal: an erasure that did not destroy must not say it did.
            int status = logical.destroy(mount + "/keys/" + subjectId, new int[] {FIRST_VERSION})
                    .getRestResponse().getStatus();
            if (status != OK && status != NO_CONTENT) {
                throw unavailable(new VaultException("status " + status, status));
            }
        } catch (VaultException e) {
            throw unavailable(e);
        }
        return fenced.orElseThrow();
    }

    /** The deployment's blind-index key, created on first use and shared by every node. */
    @Override
    public SecretKey blindIndexKey() {
        String path = mount + "/deployment/blind-index";
        if (read(path).isEmpty()) {
            byte[] material = new byte[DataKey.KEY_BYTES];
            random.nextBytes(material);
            writeOnce(path, Map.of("material", Base64.getEncoder().encodeToString(material)));
        }
        return read(path).map(data -> (SecretKey) new SecretKeySpec(Base64.getDecoder().decode(data.get("material")), "HmacSHA256"))
                .orElseThrow(() -> new KeyStoreUnavailableException("the blind-index key was not readable after writing it", null));
    }

    private DataKey create(String subjectId) {
        byte[] material = new byte[DataKey.KEY_BYTES];
        random.nextBytes(material);
        String keyId = UUID.randomUUID().toString();
        writeOnce(mount + "/keys/" + subjectId, Map.of("keyId", keyId, "version", String.valueOf(FIRST_VERSION),
                "material", Base64.getEncoder().encodeToString(material)));
        // Another node may have written first; everyone uses what is stored.
        return storedKey(subjectId).orElseThrow(() -> new KeyStoreUnavailableException(
                "the key of subject " + subjectId + " was not readable after writing it", null));
    }

    private Optional<DataKey> storedKey(String subjectId) {
        return read(mount + "/keys/" + subjectId).filter(data -> data.containsKey("material")).map(data ->
                new DataKey(data.get("keyId"), Integer.parseInt(data.get("version")),
                        Base64.getDecoder().decode(data.get("material"))));
    }

    private Optional<ErasedKeys> fence(String subjectId) {
        return read(mount + "/erased/" + subjectId).map(data -> new ErasedKeys(subjectId,
                data.get("keyIds").isEmpty() ? List.of() : List.of(data.get("keyIds").split(",")),
                Instant.parse(data.get("erasedAt"))));
    }

    private Optional<Map<String, String>> read(String path) {
        try {
            LogicalResponse response = logical.read(path);
            int status = response.getRestResponse().getStatus();
            if (status == NOT_FOUND) {
                return Optional.empty();
            }
            if (status != OK) {
                throw unavailable(new VaultException("status " + status, status));
            }
            Map<String, String> data = response.getData();
            return data == null || data.isEmpty() ? Optional.empty() : Optional.of(data);
        } catch (VaultException e) {
            if (e.getHttpStatusCode() == NOT_FOUND) {
                return Optional.empty();
            }
            throw unavailable(e);
        }
    }

    /**
     * Writes only if nothing is there yet. Losing that race is not an error: the loser's write is
     * refused, with 400 (check-and-set mismatch) or, since the policy grants no {@code update},
     * with 403, and the caller reads what the winner wrote. A token that may not write at all is
     * refused the read that follows too, and that read reports it.
     */
    private void writeOnce(String path, Map<String, Object> data) {
        try {
            int status = logical.write(path, data, null, new WriteOptions().checkAndSet(0L).build())
                    .getRestResponse().getStatus();
            if (status != OK && status != NO_CONTENT && !lostTheRace(status)) {
                throw unavailable(new VaultException("status " + status, status));
            }
        } catch (VaultException e) {
            if (!lostTheRace(e.getHttpStatusCode())) {
                throw unavailable(e);
            }
        }
    }

    private static boolean lostTheRace(int status) {
        return status == CHECK_AND_SET_LOST || status == FORBIDDEN;
    }

    private static KeyStoreUnavailableException unavailable(VaultException e) {
        // The driver's message may hold a response body; the status says enough.
        String what = switch (e.getHttpStatusCode()) {
            case 0 -> "cannot be reached";
            case 401, 403 -> "refused the token: permission denied (check its policy)";
            case 503 -> "is sealed or unavailable";
            default -> "answered HTTP " + e.getHttpStatusCode();
        };
        return new KeyStoreUnavailableException("the Vault key store " + what, null);
    }
}
