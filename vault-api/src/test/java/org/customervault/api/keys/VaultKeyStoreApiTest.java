package org.customervault.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;
import static org.customervault.api.support.RunningVault.PASSWORD;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.api.Auth;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.customervault.api.console.ConsoleHttp;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.Jws;
import org.customervault.api.support.PrivateKeyTraces;
import org.customervault.api.support.RestoreDrill;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.infra.keys.OpenBaoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault with its keys in a real OpenBao server (persistent storage, started by
 * {@code infra/local/openbao}) in mode kv, a KV secret per customer: no key material in PostgreSQL, erasure and rotation through OpenBao,
 * fail closed while OpenBao is down (writes and personal reads alike), recovery without a restart,
 * erasure certificates signed by the deployment's signing key kept in OpenBao, and no personal
 * value in OpenBao's audit log.
 */
class VaultKeyStoreApiTest {

    private static final Duration PROBE_WAIT = Duration.ofSeconds(10);

    @TempDir
    Path root;

    private final Canaries canaries = new Canaries();

    @Test
    void keysLiveInOpenBaoAndEverythingFailsClosedWithoutIt() throws Exception {
        try (OpenBaoServer openBao = OpenBaoServer.startOwn(root.resolve("openbao"), "--persistent", "--approle");
             RunningVault vault = RunningVault.start(root.resolve("data"), kvSettings(openBao))) {
            String email = canaries.next("mail") + "@example.com";
            String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"%s %s\", \"email\": \"%s\"}"
                    .formatted(canaries.next("name"), canaries.next("surname"), email)).json().get("id").asText();
            String phone = "+549" + canaries.remember(Canaries.digits(10));
            assertThat(vault.patch(AGENT, "/api/v1/customers/" + id, "{\"phone\": \"" + phone + "\"}").status()).isEqualTo(200);
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).json().get("email").asText()).isEqualTo(email);
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM subject_key", Long.class))
                    .as("no key material in PostgreSQL").isZero();
            assertThat(keyStoreStatus(vault)).isEqualTo("UP");

            ConsoleHttp console = new ConsoleHttp(vault, "en");
            String agent = ConsoleHttp.session(console.signIn(AGENT, PASSWORD));
            String shown = console.get("/console/customers/" + id, agent).body();

            openBao.stop();
            awaitThat(() -> keyStoreStatus(vault), "DOWN");
            HttpResponse<String> page = console.get("/console/customers/" + id, agent);
            assertThat(page.statusCode()).as("the console fails closed as the API does").isEqualTo(503);
            assertThat(page.body()).contains("The key store cannot be reached").doesNotContain(email);
            HttpResponse<String> form = console.post("/console/customers/" + id + "/interactions", agent, "_csrf="
                    + ConsoleHttp.csrf(shown) + "&formToken=" + ConsoleHttp.formToken(shown) + "&channel=PHONE&summary=Down");
            assertThat(form.statusCode()).as("a form is refused before anything is stored").isEqualTo(503);
            assertThat(vault.get(null, "/actuator/health").status()).as("health reports the key store down").isEqualTo(503);
            Response read = vault.get(AGENT, "/api/v1/customers/" + id);
            assertThat(read.status()).as("a personal read is refused although its key is cached: " + read.body()).isEqualTo(503);
            assertThat(read.contentType()).startsWith("application/problem+json");
            long events = eventCount(vault);
            Response refused = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"While Down\"}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(vault.patch(AGENT, "/api/v1/customers/" + id, "{\"email\": \"down@example.com\"}").status()).isEqualTo(503);
            assertThat(eventCount(vault)).as("nothing stored while OpenBao is down").isEqualTo(events);

            openBao.start();
            awaitThat(() -> keyStoreStatus(vault), "UP");
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).status()).as("recovers without a restart").isEqualTo(200);
            String other = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"After Recovery\"}").json().get("id").asText();

            Response rotated = vault.post(ADMIN, "/api/v1/admin/keys/rotation", null);
            assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
            assertThat(rotated.json().get("store").asText()).isEqualTo("vault");
            assertThat(vault.post(AGENT, "/api/v1/admin/keys/rotation", null).status()).isEqualTo(403);
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).json().get("phone").asText())
                    .as("old events stay readable after a rotation").isEqualTo(phone);

            Response erased = vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null);
            assertThat(erased.status()).as(erased.body()).isEqualTo(200);
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).status()).isEqualTo(410);
            assertThat(vault.get(AGENT, "/api/v1/customers/" + other).status()).isEqualTo(200);
            JsonNode published = vault.get(COMPLIANCE, "/api/v1/compliance/signing-key").json();
            assertThat(Jws.parse(erased.json().get("signature").asText()).verifiesWithPem(published.get("pem").asText()))
                    .as("the certificate is signed by the published key").isTrue();
            Map<String, String> signingKey = Vault.create(new VaultConfig().address(openBao.address())
                    .token(openBao.rootToken()).build()).logical().read("customer-vault/deployment/signing-key").getData();
            assertThat(published.get("pem").asText()).as("the signing key lives in OpenBao")
                    .contains(signingKey.get("publicKey"));
            vault.superuserJdbc().execute("CHECKPOINT");
            assertThat(PrivateKeyTraces.foundIn(Canaries.filesUnder(root.resolve("data")),
                    Base64.getDecoder().decode(signingKey.get("privateKey"))))
                    .as("the private signing key nowhere in the data directory, PostgreSQL included").isEmpty();

            assertThat(Canaries.filesUnder(root.resolve("openbao"))).contains(openBao.auditLog());
            assertThat(canaries.findIn(Canaries.filesUnder(root.resolve("openbao"))))
                    .as("no personal value in OpenBao's storage or audit log").isEmpty();
        }
    }

    /**
     * The drill of docs/operations.md: a database backup from before an erasure is restored, and
     * the erased customer stays erased because the key and its fence live in OpenBao.
     */
    @Test
    void aRestoredDatabaseBackupCannotUndoAnErasure() throws Exception {
        Path data = root.resolve("data");
        Path backup = root.resolve("backup");
        try (OpenBaoServer openBao = OpenBaoServer.fromEnvironmentOrStart(root.resolve("openbao"))) {
            Map<String, Object> settings = kvSettings(openBao);
            RestoreDrill.Erased erased = RestoreDrill.eraseAndRestoreAnOlderDatabase(data, backup, settings, canaries);
            String id = erased.id();
            String email = erased.email();

            try (RunningVault vault = RunningVault.start(data, settings)) {
                assertThat(vault.get(AGENT, "/api/v1/customers/" + id).status())
                        .as("erased again from the fence in OpenBao").isEqualTo(410);
                assertThat(vault.get(AGENT, "/api/v1/customers?q=" + email).json().get("total").asLong()).isZero();
                Response ledger = vault.get(COMPLIANCE, "/api/v1/compliance/erasures");
                assertThat(ledger.body()).contains(id).contains("key-store-fence");
                List<Path> files = new ArrayList<>(Canaries.filesUnder(data));
                assertThat(canaries.findIn(files)).isEmpty();
            }
        }
    }

    @Test
    void cannotStartWithATokenLackingThePolicyAndSaysWhatIsMissing() throws Exception {
        try (OpenBaoServer openBao = OpenBaoServer.startOwn(root.resolve("openbao"))) {
            String unprivileged = Vault.create(new VaultConfig().address(openBao.address()).token(openBao.rootToken()).build())
                    .auth().createToken(new Auth.TokenRequest().polices(List.of("default"))).getAuthClientToken();
            Map<String, Object> settings = kvSettings(openBao);
            settings.put("vault.keys.vault.token", unprivileged);

            assertThatThrownBy(() -> RunningVault.start(root.resolve("data"), settings).close())
                    .rootCause().hasMessageContaining("the OpenBao token lacks [create, read] on customer-vault/data/keys/*");
        }
    }

    /** Data keys as KV secrets, the mode of deployments from before Transit (TransitKeyStoreApiTest has the default). */
    private static Map<String, Object> kvSettings(OpenBaoServer openBao) {
        Map<String, Object> settings = new HashMap<>(openBao.vaultProperties());
        settings.put("vault.keys.vault.data-keys", "kv");
        return settings;
    }

    private static String keyStoreStatus(RunningVault vault) {
        return vault.get(ADMIN, "/actuator/health").json().at("/components/keyStore/status").asText();
    }

    private static long eventCount(RunningVault vault) {
        return vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }

    private static void awaitThat(Supplier<String> actual, String expected) throws InterruptedException {
        await().atMost(PROBE_WAIT).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(actual.get()).isEqualTo(expected));
    }
}
