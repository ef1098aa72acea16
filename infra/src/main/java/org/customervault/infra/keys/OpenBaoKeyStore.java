package org.customervault.infra.keys;

import static org.customervault.infra.keys.OpenBaoErrors.requireSuccess;
import static org.customervault.infra.keys.OpenBaoErrors.unavailable;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Logical;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.Ed25519SigningKey;
import org.customervault.domain.crypto.ErasedKeys;
import org.customervault.domain.crypto.IndexKeyStore;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.MissingKeyException;
import org.customervault.domain.crypto.SubjectErasedException;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.customervault.domain.crypto.RotatedWrappingKey;
import org.customervault.domain.crypto.WrappingKeyRotation;
import org.customervault.infra.integrity.KeptCheckpoint;

/**
 * Data keys in HashiCorp Vault or OpenBao, KV version 2: one secret per subject at
 * {@code <mount>/keys/<subject>}, written once (check-and-set 0, so concurrent first writes on
 * several nodes agree on one key), the erasure fence at {@code <mount>/erased/<subject>}, and the
 * deployment's blind-index key at {@code <mount>/deployment/blind-index} and its signing key at
 * {@code <mount>/deployment/signing-key}, and the newest integrity checkpoint at
 * {@code <mount>/integrity/checkpoint}. No key
 * material, wrapped or not, is ever in PostgreSQL, so restoring a database backup cannot bring an
 * erased customer's key back.
 */
public final class OpenBaoKeyStore implements SubjectKeyStore, IndexKeyStore, WrappingKeyRotation, KeptCheckpoint {

    private static final int FIRST_VERSION = 1;
    private static final int CHECK_AND_SET_LOST = 400;
    private static final int FORBIDDEN = 403;
    private static final int NOT_FOUND = 404;
    private static final String BLIND_INDEX = "/deployment/blind-index";
    private static final String SIGNING_KEY = "/deployment/signing-key";
    private static final String DATA_KEYS_MODE = "/deployment/data-keys";

    private final Logical logical;
    private final Logical system;
    private final String mount;
    private final int readRetries;
    private final SecureRandom random = new SecureRandom();

    public OpenBaoKeyStore(OpenBaoConnection connection) {
        this.logical = Vault.create(connection.keysConfig()).logical();
        this.system = Vault.create(connection.systemConfig()).logical();
        this.mount = connection.settings().mount();
        this.readRetries = connection.settings().readRetries();
    }

    /**
     * Refuses to start with a token that could not do everything the vault needs in this mode of
     * data keys, naming what is missing: better a clear error now than a refused erasure later.
     */
    public void requirePermissions(OpenBaoDataKeys dataKeys, String transitMount) {
        String probe = UUID.randomUUID().toString();
        Map<String, List<String>> needed = new LinkedHashMap<>();
        if (dataKeys == OpenBaoDataKeys.KV) {
            needed.put(mount + "/data/keys/" + probe, List.of("create", "read"));
            needed.put(mount + "/destroy/keys/" + probe, List.of("update"));
            needed.put(mount + "/data/erased/" + probe, List.of("create", "read"));
            needed.put(mount + "/metadata/erased/", List.of("list"));
        } else {
            String key = transitMount + "/%s/" + TransitKeyWrapping.DEFAULT_KEY;
            List.of("encrypt", "decrypt", "rewrap").forEach(operation -> needed.put(key.formatted(operation), List.of("update")));
            needed.put(key.formatted("keys"), List.of("read"));
            needed.put(key.formatted("keys") + "/rotate", List.of("update"));
            needed.put(mount + "/data/erased-shards/" + probe, List.of("create", "read", "update"));
            needed.put(mount + "/metadata/erased-shards/", List.of("list"));
        }
        needed.put(mount + "/data" + DATA_KEYS_MODE, List.of("create", "read"));
        needed.put(mount + "/data" + BLIND_INDEX, List.of("create", "read"));
        needed.put(mount + "/data" + SIGNING_KEY, List.of("create", "read"));
        needed.put(mount + "/data/integrity/checkpoint", List.of("create", "read", "update"));
        JsonObject granted;
        try {
            LogicalResponse response = system.write("sys/capabilities-self",
                    Map.of("paths", String.join(",", needed.keySet())));
            requireSuccess(response.getRestResponse().getStatus());
            granted = response.getDataObject();
        } catch (VaultException e) {
            throw unavailable(e);
        }
        List<String> missing = new ArrayList<>();
        needed.forEach((path, capabilities) -> {
            List<String> has = granted.get(path) == null ? List.of()
                    : granted.get(path).asArray().values().stream().map(JsonValue::asString).toList();
            if (!has.contains("root") && !has.containsAll(capabilities)) {
                missing.add(capabilities + " on " + path.replace(probe, "*"));
            }
        });
        if (!missing.isEmpty()) {
            throw new KeyStoreUnavailableException("the OpenBao token lacks " + String.join(", ", missing)
                    + " for data-keys mode " + dataKeys + " (see the policy in docs/operations.md; a deployment that"
                    + " keeps its keys as KV secrets sets VAULT_DATA_KEYS=kv)", null);
        }
    }

    /**
     * Records the deployment's mode of data keys on its first start ({@code <mount>/deployment/data-keys},
     * written once) and refuses to start in the other mode later: the keys of one mode are not where
     * the other looks for them. A deployment that started before the mode was recorded (its signing
     * key is there already) kept its keys as KV secrets.
     */
    public void requireDataKeys(OpenBaoDataKeys dataKeys) {
        String path = mount + DATA_KEYS_MODE;
        if (read(path).isEmpty()) {
            boolean startedBefore = read(mount + SIGNING_KEY).isPresent();
            writeOnce(path, Map.of("mode", (startedBefore ? OpenBaoDataKeys.KV : dataKeys).value()));
        }
        String recorded = read(path).map(data -> data.get("mode")).orElseThrow(() ->
                new KeyStoreUnavailableException("the data-keys mode was not readable after writing it", null));
        if (!recorded.equals(dataKeys.value())) {
            throw new IllegalStateException("this deployment keeps its data keys in OpenBao mode '" + recorded
                    + "' and cannot start in mode '" + dataKeys + "': set VAULT_DATA_KEYS (vault.keys.vault.data-keys) to "
                    + recorded + "; moving keys from one mode to the other is not supported yet");
        }
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
            requireSuccess(logical.destroy(mount + "/keys/" + subjectId, new int[] {FIRST_VERSION})
                    .getRestResponse().getStatus());
        } catch (VaultException e) {
            throw unavailable(e);
        }
        return fenced.orElseThrow();
    }

    @Override
    public List<String> erasedSubjects() {
        return OpenBaoKv.list(logical, mount + "/erased");
    }

    /** The fence {@link #destroy} wrote is in Vault/OpenBao, which a restore of the database does not touch. */
    @Override
    public void certify(ErasedKeys erased, String certificateHash) {
    }

    /** Every fence here outlives the database already (see {@link #certify}). */
    @Override
    public List<String> uncertifiedErasures() {
        return List.of();
    }

    /**
     * Rotates the server's own encryption key (the barrier key that encrypts every stored secret,
     * our data keys among them): new writes use the new key, old entries stay readable. Needs
     * {@code update} and {@code sudo} on {@code sys/rotate}.
     */
    @Override
    public RotatedWrappingKey rotateWrappingKey() {
        try {
            requireSuccess(system.write("sys/rotate", Map.of()).getRestResponse().getStatus());
            LogicalResponse status = system.read("sys/key-status");
            requireSuccess(status.getRestResponse().getStatus());
            return new RotatedWrappingKey("vault", "barrier key term " + status.getData().get("term"), 0, Instant.now());
        } catch (VaultException e) {
            throw unavailable(e);
        }
    }

    /**
     * The blind-index key of {@code version} is version {@code version} of the KV secret
     * {@code <mount>/deployment/blind-index}. It is written with check-and-set {@code version - 1},
     * which succeeds only while the secret's newest version is the one before: nodes racing agree on
     * one key, and a destroyed version is never made again.
     */
    @Override
    public Optional<SecretKey> blindIndexKey(int version) {
        String path = mount + BLIND_INDEX;
        Optional<Map<String, String>> stored = read(path, version);
        if (stored.isEmpty()) {
            byte[] material = new byte[DataKey.KEY_BYTES];
            random.nextBytes(material);
            writeOnce(path, Map.of("material", Base64.getEncoder().encodeToString(material)), version - 1);
            stored = read(path, version);
        }
        return stored.map(data -> new SecretKeySpec(Base64.getDecoder().decode(data.get("material")), "HmacSHA256"));
    }

    /**
     * The KV secret's newest version, as the read of its newest version states it (never a destroyed
     * one: a rotation destroys only versions older than the one in use); 0 if there is none yet.
     */
    @Override
    public int newestBlindIndexVersion() {
        try {
            LogicalResponse response = logical.read(mount + BLIND_INDEX);
            int status = response.getRestResponse().getStatus();
            if (status == NOT_FOUND) {
                return 0;
            }
            requireSuccess(status);
            JsonObject body = Json.parse(new String(response.getRestResponse().getBody(), StandardCharsets.UTF_8)).asObject();
            return body.get("data").asObject().get("metadata").asObject().getInt("version", 0);
        } catch (VaultException e) {
            if (e.getHttpStatusCode() == NOT_FOUND) {
                return 0;
            }
            throw unavailable(e);
        }
    }

    /** Destroys that version of the KV secret: its material is removed from OpenBao's storage, its metadata stays. */
    @Override
    public void destroyBlindIndexKey(int version) {
        try {
            requireSuccess(logical.destroy(mount + BLIND_INDEX, new int[] {version}).getRestResponse().getStatus());
        } catch (VaultException e) {
            throw unavailable(e);
        }
    }

    /**
     * The deployment's Ed25519 signing key, created on first use with check-and-set 0: when two
     * nodes start at once, one write wins and both use the key that was stored.
     */
    public Ed25519SigningKey signingKey() {
        String path = mount + SIGNING_KEY;
        if (read(path).isEmpty()) {
            Ed25519SigningKey fresh = Ed25519SigningKey.generate();
            writeOnce(path, Map.of("privateKey", Base64.getEncoder().encodeToString(fresh.encodedPrivateKey()),
                    "publicKey", Base64.getEncoder().encodeToString(fresh.publicKey().getEncoded())));
        }
        return read(path).map(data -> Ed25519SigningKey.fromEncoded(Base64.getDecoder().decode(data.get("privateKey")),
                        Base64.getDecoder().decode(data.get("publicKey"))))
                .orElseThrow(() -> new KeyStoreUnavailableException("the signing key was not readable after writing it", null));
    }

    @Override
    public Optional<String> newest() {
        return read(mount + "/integrity/checkpoint").map(data -> data.get("jws"));
    }

    /** Each write is a new version of the secret; KV keeps the versions before it as its settings say. */
    @Override
    public void keep(String jws) {
        try {
            requireSuccess(logical.write(mount + "/integrity/checkpoint", Map.of("jws", jws)).getRestResponse().getStatus());
        } catch (VaultException e) {
            throw unavailable(e);
        }
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

    /** Reads change nothing, so a read that found the server unavailable is tried again, waiting longer each time. */
    private Optional<Map<String, String>> read(String path) {
        return read(path, null);
    }

    /** As {@link #read(String)}, of one version of a KV secret ({@code null}: the newest). */
    private Optional<Map<String, String>> read(String path, Integer version) {
        return OpenBaoErrors.retryingTransient(readRetries, () -> readOnce(path, version));
    }

    private Optional<Map<String, String>> readOnce(String path, Integer version) {
        return OpenBaoKv.read(logical, path, version).map(LogicalResponse::getData).filter(data -> !data.isEmpty());
    }

    /**
     * Writes only if nothing is there yet. Losing that race is not an error: the loser's write is
     * refused, with 400 (check-and-set mismatch) or, since the policy grants no {@code update},
     * with 403, and the caller reads what the winner wrote. A token that may not write at all is
     * refused the read that follows too, and that read reports it.
     */
    private void writeOnce(String path, Map<String, Object> data) {
        writeOnce(path, data, 0);
    }

    /** As {@link #writeOnce(String, Map)}, as the version after {@code newestVersion}: the write is refused unless that is the secret's newest. */
    private void writeOnce(String path, Map<String, Object> data, int newestVersion) {
        try {
            int status = logical.write(path, data, null, new WriteOptions().checkAndSet((long) newestVersion).build())
                    .getRestResponse().getStatus();
            if (!lostTheRace(status)) {
                requireSuccess(status);
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
}
