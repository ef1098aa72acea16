package org.customervault.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault with its keys in a real OpenBao server (persistent storage, started by
 * {@code infra/local/openbao}): no key material in PostgreSQL, erasure through OpenBao, and fail
 * closed while OpenBao is down, recovering without a restart when it is back.
 */
class VaultKeyStoreApiTest {

    @TempDir
    Path root;

    private final Map<String, String> openBao = new HashMap<>();

    @Test
    void keysLiveInOpenBaoAndWritesFailClosedWithoutIt() throws Exception {
        openBao.put("OPENBAO_STATE_DIR", root.resolve("openbao").toString());
        openBao.put("OPENBAO_PORT", String.valueOf(freePort()));
        Map<String, String> settings = exports(script("start", "--persistent"));
        try (RunningVault vault = RunningVault.start(root.resolve("data"), Map.of(
                "vault.keys.store", "vault",
                "vault.keys.vault.address", settings.get("VAULT_ADDR"),
                "vault.keys.vault.token", settings.get("VAULT_TOKEN")))) {
            String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Bao Customer\", \"email\": \"bao@example.com\"}")
                    .json().get("id").asText();
            assertThat(vault.patch(AGENT, "/api/v1/customers/" + id, "{\"phone\": \"+5491112345678\"}").status()).isEqualTo(200);
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).json().get("email").asText()).isEqualTo("bao@example.com");
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM subject_key", Long.class))
                    .as("no key material in PostgreSQL").isZero();

            Response erased = vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null);
            assertThat(erased.status()).as(erased.body()).isEqualTo(200);
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).status()).isEqualTo(410);

            assertThat(vault.get(RunningVault.ADMIN, "/actuator/health").json().at("/components/keyStore/status").asText())
                    .isEqualTo("UP");
            script("stop");
            assertThat(vault.get(null, "/actuator/health").status()).as("health reports the key store down").isEqualTo(503);
            assertThat(vault.get(RunningVault.ADMIN, "/actuator/health").json().at("/components/keyStore/status").asText())
                    .isEqualTo("DOWN");
            long events = vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class);
            Response refused = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"While Down\"}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class)).isEqualTo(events);

            script("start", "--persistent");
            assertThat(vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"After Recovery\"}").status())
                    .as("recovers without a restart").isEqualTo(201);
            assertThat(vault.get(null, "/actuator/health").json().get("status").asText()).isEqualTo("UP");
        } finally {
            script("stop");
        }
    }

    private static Map<String, String> exports(String output) {
        Map<String, String> settings = new HashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("export ")) {
                String[] pair = line.substring("export ".length()).split("=", 2);
                settings.put(pair[0], pair[1]);
            }
        }
        return settings;
    }

    private String script(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = Path.of("..", "infra", "local", "openbao").toAbsolutePath().normalize().toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(openBao);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("infra/local/openbao " + String.join(" ", arguments) + " failed:\n" + output);
        }
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
