package org.customervault.infra.keys;

import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonArray;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.rest.Rest;
import io.github.jopenlibs.vault.rest.RestException;
import io.github.jopenlibs.vault.rest.RestResponse;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.customervault.domain.crypto.KeyStoreUnavailableException;

/**
 * Wrapping by one key of OpenBao's Transit engine ({@code <transit mount>/keys/<key>}, created with
 * {@code derived=true}): each data key is encrypted under a key derived from the Transit key and a
 * context naming its subject and key id, so a wrapped key moved to another subject's row does not
 * decrypt. The Transit key never leaves OpenBao, and however many data keys there are, OpenBao holds
 * that one key. Concurrent wraps and unwraps are sent together ({@link CoalescedCalls}): up to 250
 * items per call, at most two calls at a time. The row records the Transit key version that wrapped
 * it ({@code data-keys:v3}), which a rotation compares with the newest.
 */
final class TransitKeyWrapping implements DataKeyWrapping {

    static final String DEFAULT_MOUNT = "customer-vault-transit";
    static final String DEFAULT_KEY = OpenBaoDataKeys.TRANSIT_KEY;
    private static final int MAX_BATCH = 250;
    private static final int MAX_IN_FLIGHT = 2;
    private static final String CONTEXT_PLACE = "subject_key/";
    private static final String KEY_TYPE = "aes256-gcm96";
    /** With batch_results OpenBao answers 200, or 400 when it refused every item. */
    private static final int EVERY_ITEM_REFUSED = 400;

    /** One item of a batch: what to send, and the context that binds it to its row. */
    record Item(String field, String value, String context) {
        @Override
        public String toString() {
            return "Item[" + field + "]";
        }
    }

    /** One item's answer: the value, or OpenBao's reason for refusing that item. */
    record Answer(String value, String error) {
        @Override
        public String toString() {
            return error == null ? "Answer[value]" : "Answer[error=" + error + "]";
        }
    }

    private final VaultConfig config;
    private final HttpClient http;
    private final String mount;
    private final String key;
    private final CoalescedCalls<Item, Answer> encryptions;
    private final CoalescedCalls<Item, Answer> decryptions;
    private volatile int newestVersion;

    TransitKeyWrapping(OpenBaoConnection connection, String mount, String key) {
        this.config = connection.systemConfig();
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connection.settings().timeout());
        // without a CA file of its own the connection verifies against the JVM's trust store, as the client's default does
        if (config.getSslConfig().getSslContext() != null) {
            client.sslContext(config.getSslConfig().getSslContext());
        }
        this.http = client.build();
        this.mount = mount;
        this.key = key;
        // a caller may wait for a batch ahead of its own, and each may be tried as often as a read is
        Duration patience = connection.settings().timeout().multipliedBy(2L * (connection.settings().readRetries() + 1));
        this.encryptions = new CoalescedCalls<>(MAX_BATCH, MAX_IN_FLIGHT, patience, items -> batch("encrypt", "ciphertext", items));
        // an unwrap changes nothing, so it is tried again as the KV store's reads are; a wrap is not
        this.decryptions = new CoalescedCalls<>(MAX_BATCH, MAX_IN_FLIGHT, patience, items -> OpenBaoErrors.retryingTransient(
                connection.settings().readRetries(), () -> batch("decrypt", "plaintext", items)));
        JsonObject described = describedKey();
        refuseUnsafe(described);
        this.newestVersion = described.getInt("latest_version", 0);
    }

    @Override
    public String wrappingKeyId() {
        return versionName(newestVersion);
    }

    @Override
    public Wrapped wrap(String subjectId, String keyId, byte[] material) {
        Answer answer = encryptions.call(new Item("plaintext", Base64.getEncoder().encodeToString(material),
                context(subjectId, keyId)));
        if (answer.error() != null) {
            throw new KeyStoreUnavailableException("the OpenBao Transit key store refused to wrap a key: " + answer.error(), null);
        }
        return wrapped(answer.value());
    }

    @Override
    public byte[] unwrap(WrappedKeyTable.StoredKey stored) {
        Answer answer = decryptions.call(new Item("ciphertext", new String(stored.wrapped(), StandardCharsets.US_ASCII),
                context(stored.subjectId(), stored.keyId())));
        if (answer.error() != null) {
            throw new IllegalStateException("the wrapped key " + stored.keyId() + " does not open for subject "
                    + stored.subjectId() + ": it was wrapped for another row, or damaged");
        }
        return Base64.getDecoder().decode(answer.value());
    }

    /** One {@code rewrap} call for the batch: OpenBao decrypts and encrypts under the newest version, the key never leaves it. */
    @Override
    public List<Wrapped> rewrap(List<WrappedKeyTable.StoredKey> stale) {
        List<Answer> answers = batch("rewrap", "ciphertext", stale.stream().map(stored -> new Item("ciphertext",
                new String(stored.wrapped(), StandardCharsets.US_ASCII), context(stored.subjectId(), stored.keyId()))).toList());
        if (answers.size() != stale.size()) {
            throw new IllegalStateException("OpenBao answered " + answers.size() + " of " + stale.size()
                    + " keys to re-wrap; nothing of the batch is stored");
        }
        List<Wrapped> rewrapped = new ArrayList<>();
        for (int i = 0; i < stale.size(); i++) {
            if (answers.get(i).error() != null) {
                throw new IllegalStateException("the wrapped key " + stale.get(i).keyId() + " of subject "
                        + stale.get(i).subjectId() + " cannot be re-wrapped: " + answers.get(i).error());
            }
            rewrapped.add(wrapped(answers.get(i).value()));
        }
        return rewrapped;
    }

    /** Rotates the Transit key: new wraps use the new version, older versions still unwrap. */
    void rotate() {
        RestResponse response = post(mount + "/keys/" + key + "/rotate", Json.object());
        OpenBaoErrors.requireSuccess(response.getStatus());
        newestVersion = describedKey().getInt("latest_version", 0);
    }

    /** OpenBao's description of the Transit key (never its material). */
    private JsonObject describedKey() {
        RestResponse response = send(rest(mount + "/keys/" + key), Rest::get);
        OpenBaoErrors.requireSuccess(response.getStatus());
        return body(response).get("data").asObject();
    }

    /**
     * A key that does not bind each wrapped key to its row, or that can leave OpenBao, would undo what
     * the mode promises: the vault does not start on it.
     */
    private void refuseUnsafe(JsonObject described) {
        List<String> problems = new ArrayList<>();
        if (!described.getBoolean("derived", false)) {
            problems.add("it is not derived");
        }
        if (!KEY_TYPE.equals(described.getString("type", ""))) {
            problems.add("its type is " + described.getString("type", "unknown") + ", not " + KEY_TYPE);
        }
        if (described.getBoolean("exportable", false)) {
            problems.add("it is exportable");
        }
        if (described.getBoolean("allow_plaintext_backup", false)) {
            problems.add("it allows a plaintext backup");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the Transit key " + mount + "/keys/" + key + " cannot wrap data keys: "
                    + String.join(", ", problems) + ". Create a key with 'bao write " + mount + "/keys/<name> type="
                    + KEY_TYPE + " derived=true' (neither exportable nor allowing a plaintext backup, which cannot be"
                    + " undone on a key) and name it in the vault's settings");
        }
    }

    private List<Answer> batch(String operation, String answerField, List<Item> items) {
        JsonArray input = Json.array().asArray();
        items.forEach(item -> input.add(Json.object().add(item.field(), item.value()).add("context", item.context())));
        RestResponse response = post(mount + "/" + operation + "/" + key, Json.object().add("batch_input", input)
                // an item OpenBao refuses is answered in its place, the others still are
                .add("partial_failure_response_code", OpenBaoErrors.OK));
        int status = response.getStatus();
        if (status != OpenBaoErrors.OK && status != EVERY_ITEM_REFUSED) {
            throw OpenBaoErrors.unavailable(status);
        }
        JsonValue data = response.getBody() == null || response.getBody().length == 0 ? null : body(response).get("data");
        if (data == null || data.isNull() || data.asObject().get("batch_results") == null) {
            throw OpenBaoErrors.unavailable(status);
        }
        List<Answer> answers = new ArrayList<>();
        for (JsonValue result : data.asObject().get("batch_results").asArray()) {
            JsonObject fields = result.asObject();
            String error = fields.getString("error", "");
            answers.add(error.isEmpty() ? new Answer(fields.getString(answerField, null), null) : new Answer(null, error));
        }
        return answers;
    }

    private RestResponse post(String path, JsonObject json) {
        return send(rest(path).body(json.toString().getBytes(StandardCharsets.UTF_8)), Rest::post);
    }

    @FunctionalInterface
    private interface Method {
        RestResponse send(Rest rest) throws RestException;
    }

    private RestResponse send(Rest rest, Method method) {
        try {
            return method.send(rest);
        } catch (RestException e) {
            throw OpenBaoErrors.unavailable(0);
        }
    }

    private Rest rest(String path) {
        Rest rest = new Rest(http).url(config.getAddress() + "/v1/" + path)
                .header("X-Vault-Token", config.getToken()).header("X-Vault-Request", "true")
                .readTimeoutSeconds(config.getReadTimeout());
        if (config.getNameSpace() != null) {
            rest.header("X-Vault-Namespace", config.getNameSpace());
        }
        return rest;
    }

    private Wrapped wrapped(String ciphertext) {
        // "vault:v3:..." names the Transit key version that wrapped it
        return new Wrapped(key + ":" + ciphertext.split(":", 3)[1], ciphertext.getBytes(StandardCharsets.US_ASCII));
    }

    private String versionName(int version) {
        return key + ":v" + version;
    }

    private static JsonObject body(RestResponse response) {
        return Json.parse(new String(response.getBody(), StandardCharsets.UTF_8)).asObject();
    }

    private static String context(String subjectId, String keyId) {
        return Base64.getEncoder().encodeToString((CONTEXT_PLACE + subjectId + "/" + keyId).getBytes(StandardCharsets.UTF_8));
    }
}
