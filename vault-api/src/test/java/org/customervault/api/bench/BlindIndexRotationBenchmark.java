package org.customervault.api.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.customervault.infra.keys.OpenBaoServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customers re-indexed per second by a blind-index key rotation, with the local key store and with
 * OpenBao. The customers are registered, the vault is started again so that no data key is in its
 * cache (as for customers nobody touched lately, most of them in a real rotation), and the rotation
 * is timed from the request to its completion, the old key destroyed. The vault is otherwise idle.
 * Run with {@code -Pbenchmark}; it asserts nothing about speed.
 */
@Tag("benchmark")
class BlindIndexRotationBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 10_000);
    /** Fewer: every registration writes a key to OpenBao, which on a small shared machine is the slow part of the run. */
    private static final int OPENBAO_CUSTOMERS = Integer.getInteger("bench.openbao-customers", 2_000);

    @TempDir
    Path root;

    @Test
    void customersReindexedPerSecondWithEachKeyStore() throws Exception {
        StringBuilder report = new StringBuilder(String.format("batch size: %s, cores: %d%n%n"
                + "| key store | customers | rotation s | customers re-indexed/s |%n|---|---|---|---|%n",
                System.getProperty("vault.blind-index.rotation.batch-size", "200 (default)"),
                Runtime.getRuntime().availableProcessors()));
        report.append(measure("local", CUSTOMERS, new HashMap<>(Map.of("logging.level.root", "WARN"))));
        System.out.println(report);
        try (OpenBaoServer openBao = OpenBaoServer.startOwn(root.resolve("openbao"), "--persistent")) {
            Map<String, Object> settings = new HashMap<>(openBao.vaultProperties());
            settings.put("logging.level.root", "WARN");
            report.append(measure("OpenBao (raft storage, same machine)", OPENBAO_CUSTOMERS, settings));
        }
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "blind-index-rotation-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private String measure(String store, int customers, Map<String, Object> settings) throws Exception {
        Path data = root.resolve(store.split(" ")[0]);
        try (RunningVault vault = RunningVault.start(data, settings)) {
            Seeder.register(vault, customers, (id, n) -> new RegisterCustomerCommand(id, "Índice Rotado " + n,
                    "indexed" + n + "@example.com", "+5491" + String.format("%09d", n), "ID-" + n, null, null, null));
        }
        try (RunningVault vault = RunningVault.start(data, settings)) {
            long started = System.nanoTime();
            Response rotation = vault.post(RunningVault.ADMIN, "/api/v1/admin/keys/blind-index/rotate", null);
            assertThat(rotation.status()).as(rotation.body()).isEqualTo(202);
            await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(100)).until(() ->
                    vault.get(RunningVault.ADMIN, rotation.location()).json().get("state").asText().equals("COMPLETED"));
            double seconds = (System.nanoTime() - started) / 1e9;
            long reindexed = vault.get(RunningVault.ADMIN, rotation.location()).json().get("customersReindexed").asLong();
            return String.format("| %s | %d | %.1f | %.0f |%n", store, customers, seconds, reindexed / seconds);
        }
    }
}
