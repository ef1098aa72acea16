package org.customervault.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RestoreDrill;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.infra.keys.OpenBaoConnection;
import org.customervault.infra.keys.OpenBaoFence;
import org.customervault.infra.keys.OpenBaoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault with OpenBao in mode transit: data keys wrapped by OpenBao's Transit key and
 * stored in PostgreSQL, the erasure fence in OpenBao, the deployment's mode kept across restarts.
 */
class TransitKeyStoreApiTest {

    @TempDir
    Path root;

    private final Canaries canaries = new Canaries();

    @Test
    void registersReadsRotatesAndErasesWithWrappedKeysAndFailsClosedWithoutOpenBao() throws Exception {
        try (OpenBaoServer openBao = OpenBaoServer.startOwn(root.resolve("openbao"), "--persistent");
             RunningVault vault = RunningVault.start(root.resolve("data"), readingTheFenceEverySecond(openBao))) {
            String email = canaries.next("mail") + "@example.com";
            String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"%s\", \"email\": \"%s\"}"
                    .formatted(canaries.next("name"), email)).json().get("id").asText();
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).json().get("email").asText()).isEqualTo(email);
            assertThat(vault.jdbc().queryForObject("SELECT master_key_id FROM subject_key WHERE subject_id = ?", String.class, id))
                    .as("the key stored wrapped by the Transit key").isEqualTo("data-keys:v1");

            Response rotated = vault.post(ADMIN, "/api/v1/admin/keys/rotation", null);
            assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
            assertThat(rotated.json().get("store").asText()).isEqualTo("transit");
            assertThat(rotated.json().get("wrappingKey").asText()).isEqualTo("data-keys:v2");
            assertThat(vault.jdbc().queryForObject("SELECT master_key_id FROM subject_key WHERE subject_id = ?", String.class, id))
                    .isEqualTo("data-keys:v2");
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).json().get("email").asText()).isEqualTo(email);

            assertThat(vault.get(ADMIN, "/actuator/health").json().at("/components/erasureFence/status").asText())
                    .isEqualTo("UP");
            openBao.stop();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(vault.post(AGENT, "/api/v1/customers",
                    "{\"fullName\": \"While Down\"}").status()).isEqualTo(503));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(vault.get(ADMIN, "/actuator/health").json()
                    .at("/components/erasureFence/status").asText()).as("three reads of the fence missed").isEqualTo("DEGRADED"));
            assertThat(vault.get(ADMIN, "/actuator/health").json().at("/components/erasureFence/details/error").asText())
                    .isNotEmpty();
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM subject_key", Long.class))
                    .as("no key stored while OpenBao is down").isEqualTo(1);
            openBao.start();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(vault.get(AGENT, "/api/v1/customers/" + id).status()).isEqualTo(200));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(vault.get(ADMIN, "/actuator/health").json()
                    .at("/components/erasureFence/status").asText()).isEqualTo("UP"));

            Response erased = vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null);
            assertThat(erased.status()).as(erased.body()).isEqualTo(200);
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).status()).isEqualTo(410);
            try (OpenBaoConnection connection = OpenBaoConnection.open(openBao.connectionSettings())) {
                assertThat(OpenBaoFence.read(connection).contains(id)).as("the fence in OpenBao").isTrue();
            }
            assertThat(canaries.findIn(Canaries.filesUnder(root.resolve("openbao"))))
                    .as("no personal value in OpenBao's storage or audit log").isEmpty();
        }
    }

    @Test
    void aRestoredDatabaseBackupCannotUndoAnErasureAndTheOtherModeIsRefused() throws Exception {
        Path data = root.resolve("data");
        Path backup = root.resolve("backup");
        try (OpenBaoServer openBao = OpenBaoServer.startOwn(root.resolve("openbao"))) {
            Map<String, Object> settings = transit(openBao);
            RestoreDrill.Erased erased = RestoreDrill.eraseAndRestoreAnOlderDatabase(data, backup, settings, canaries);
            String id = erased.id();
            String email = erased.email();

            try (RunningVault vault = RunningVault.start(data, settings)) {
                assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM subject_key WHERE subject_id = ?", Long.class, id))
                        .as("the restored wrapped key deleted again at start").isZero();
                assertThat(vault.get(AGENT, "/api/v1/customers/" + id).status())
                        .as("erased again from the fence in OpenBao").isEqualTo(410);
                assertThat(vault.get(AGENT, "/api/v1/customers?q=" + email).json().get("total").asLong()).isZero();
                assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/erasures").body()).contains(id);
            }

            Map<String, Object> kv = new HashMap<>(settings);
            kv.put("vault.keys.vault.data-keys", "kv");
            assertThatThrownBy(() -> RunningVault.start(data, kv).close()).rootCause()
                    .hasMessageContaining("keeps its data keys in OpenBao mode 'transit'")
                    .hasMessageContaining("VAULT_DATA_KEYS");
        }
    }

    private static Map<String, Object> readingTheFenceEverySecond(OpenBaoServer openBao) {
        Map<String, Object> settings = transit(openBao);
        settings.put("vault.keys.vault.fence-read-interval", "1s");
        return settings;
    }

    private static Map<String, Object> transit(OpenBaoServer openBao) {
        Map<String, Object> settings = new HashMap<>(openBao.vaultProperties());
        settings.put("vault.keys.vault.data-keys", "transit");
        return settings;
    }
}
