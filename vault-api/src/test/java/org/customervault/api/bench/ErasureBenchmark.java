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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure latency, request to certificate, through the REST API with warm caches: every customer's
 * view is read once before the erasures begin, then the customers are erased one after another.
 * Run with {@code -Pbenchmark}; it asserts nothing about speed.
 */
@Tag("benchmark")
class ErasureBenchmark {

    private static final int ERASURES = Integer.getInteger("bench.erasures", 1_000);

    @TempDir
    Path root;

    @Test
    void erasureLatencyWithWarmCaches() throws Exception {
        try (RunningVault vault = RunningVault.start(root.resolve("data"), Map.of("logging.level.root", "WARN"))) {
            List<CustomerId> customers = Seeder.register(vault, ERASURES, (id, n) -> new RegisterCustomerCommand(id,
                    "Erasable " + n, "erasable" + n + "@example.com", null, "ID-" + n, null, null, null));
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

            String report = String.format("erasures: %d, local key store, cores: %d%n%n"
                    + "| erasures | per second | p50 ms | p99 ms | p99.9 ms | max ms |%n|---|---|---|---|---|---|%n"
                    + "| %d | %.0f | %.2f | %.2f | %.2f | %.2f |%n", ERASURES, Runtime.getRuntime().availableProcessors(),
                    ERASURES, ERASURES / seconds, latencies.getValueAtPercentile(50) / 1e6,
                    latencies.getValueAtPercentile(99) / 1e6, latencies.getValueAtPercentile(99.9) / 1e6,
                    latencies.getMaxValue() / 1e6);
            System.out.println(report);
            Path out = Path.of("target", "benchmarks", "erasure-benchmark.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        }
    }

    private static int send(HttpClient http, String method, String url, String authorization) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
