package org.customervault.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.customervault.infra.keys.OpenBaoServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registrations per second and erasure latency, with the local key store and with OpenBao in each
 * mode of data keys (Transit, KV), in the same run on the same machine. Customers are registered through the command gateway (8 threads);
 * every customer's view is read once so that caches are warm; then the customers are erased one
 * after another through the REST API, request to certificate. Run with {@code -Pbenchmark}; it
 * asserts nothing about speed.
 */
@Tag("benchmark")
class ErasureBenchmark {

    private static final int ERASURES = Integer.getInteger("bench.erasures", 1_000);

    @TempDir
    Path root;

    @Test
    void registrationsAndErasuresWithEachKeyStore() throws Exception {
        StringBuilder report = new StringBuilder(String.format("customers: %d per key store, cores: %d%n%n"
                + "| key store | registrations/s | erasures/s | erasure p50 ms | p99 ms | p99.9 ms | max ms | load average after |%n"
                + "|---|---|---|---|---|---|---|---|%n", ERASURES, Runtime.getRuntime().availableProcessors()));
        report.append(measure("local", new HashMap<>(Map.of("logging.level.root", "WARN"))));
        for (String dataKeys : List.of("transit", "kv")) {
            try (OpenBaoServer openBao = OpenBaoServer.startOwn(root.resolve("openbao-" + dataKeys), "--persistent")) {
                Map<String, Object> settings = new HashMap<>(openBao.vaultProperties());
                settings.put("logging.level.root", "WARN");
                settings.put("vault.keys.vault.data-keys", dataKeys);
                report.append(measure("OpenBao-" + dataKeys + " (raft storage, same machine)", settings));
            }
        }
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "erasure-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private String measure(String store, Map<String, Object> settings) throws Exception {
        try (RunningVault vault = RunningVault.start(root.resolve(store.split(" ")[0]), settings)) {
            Seeder.Registered registered = Seeder.registerTimed(vault, ERASURES, (id, n) -> new RegisterCustomerCommand(id,
                    "Erasable " + n, "erasable" + n + "@example.com", null, "ID-" + n, null, null, null));
            List<CustomerId> customers = registered.ids();
            HttpClient http = HttpClient.newHttpClient();
            String authorization = "Basic " + Base64.getEncoder().encodeToString(
                    (RunningVault.COMPLIANCE + ":" + RunningVault.PASSWORD).getBytes(StandardCharsets.UTF_8));
            for (CustomerId customer : customers) {
                assertThat(send(http, "GET", vault.baseUrl() + "/api/v1/customers/" + customer.value(), authorization))
                        .isEqualTo(200);
            }

            Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
            long started = System.nanoTime();
            for (CustomerId customer : customers) {
                long requested = System.nanoTime();
                assertThat(send(http, "DELETE", vault.baseUrl() + "/api/v1/customers/" + customer.value(), authorization))
                        .isEqualTo(200);
                latencies.recordValue(System.nanoTime() - requested);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return String.format("| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %s |%n", store,
                    ERASURES / (registered.commands().toNanos() / 1e9), ERASURES / seconds,
                    latencies.getValueAtPercentile(50) / 1e6, latencies.getValueAtPercentile(99) / 1e6,
                    latencies.getValueAtPercentile(99.9) / 1e6, latencies.getMaxValue() / 1e6, loadAverage());
        }
    }

    /** The machine's 1, 5 and 15 minute load averages: how much else ran beside the measurement. */
    private static String loadAverage() throws Exception {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static int send(HttpClient http, String method, String url, String authorization) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
