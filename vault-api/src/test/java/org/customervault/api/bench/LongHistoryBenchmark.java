package org.customervault.api.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.customervault.api.support.RunningVault;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.RecordInteractionCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a long history costs a CRM screen: a rectification through REST of a customer with
 * {@code bench.history} events (10,000) and of one with a single event, each first dropped from
 * the customers kept in memory so that the command loads the whole history from the event store
 * and decrypts it; and of the long one while it is kept in memory. This is the measurement that
 * decides whether the aggregate needs snapshots. Run with {@code -Pbenchmark}; it asserts nothing
 * about speed.
 */
@Tag("benchmark")
class LongHistoryBenchmark {

    private static final int HISTORY = Integer.getInteger("bench.history", 10_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 30);

    @TempDir
    Path root;

    @Test
    void rectificationsOfACustomerWithALongHistory() throws Exception {
        try (RunningVault vault = RunningVault.start(root, Map.of("logging.level.root", "WARN"))) {
            String longHistory = register(vault, "Historia Larga");
            String shortHistory = register(vault, "Historia Corta");
            CommandGateway commands = vault.bean(CommandGateway.class);
            long appending = System.nanoTime();
            for (int i = 1; i < HISTORY; i++) {
                commands.sendAndWait(new RecordInteractionCommand(CustomerId.of(longHistory), UUID.randomUUID().toString(),
                        Channel.PHONE, "Llamada número " + i + " sobre el pedido", Instant.parse("2026-01-01T00:00:00Z")));
            }
            double appendSeconds = (System.nanoTime() - appending) / 1e9;
            vault.awaitReadModels();
            Cache customers = vault.bean(Cache.class);

            String report = String.format("history: %,d events; rounds: %d; cores: %d; appending the history took %.1f s%n%n"
                            + "| rectification through REST | p50 ms | p90 ms | max ms |%n|---|---|---|---|%n%s%s%s",
                    HISTORY, ROUNDS, Runtime.getRuntime().availableProcessors(), appendSeconds,
                    row("1 event, loaded from the store", rectifications(vault, shortHistory, customers, true)),
                    row(String.format("%,d events, loaded from the store", HISTORY),
                            rectifications(vault, longHistory, customers, true)),
                    row(String.format("%,d events, kept in memory", HISTORY),
                            rectifications(vault, longHistory, customers, false)));
            System.out.println(report);
            Path out = Path.of("target", "benchmarks", "long-history-benchmark.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        }
    }

    private static Histogram rectifications(RunningVault vault, String customer, Cache customers, boolean evictFirst) {
        Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        for (int round = -3; round < ROUNDS; round++) {
            if (evictFirst) {
                customers.remove(customer);
            }
            long started = System.nanoTime();
            int status = vault.patch(AGENT, "/api/v1/customers/" + customer,
                    "{\"email\": \"round" + round + "." + evictFirst + "@example.com\"}").status();
            long took = System.nanoTime() - started;
            assertThat(status).isEqualTo(200);
            if (round >= 0) {
                // the first three rounds warm the JIT compilers up
                latencies.recordValue(took);
            }
        }
        return latencies;
    }

    private static String row(String what, Histogram latencies) {
        return String.format("| %s | %.1f | %.1f | %.1f |%n", what, latencies.getValueAtPercentile(50) / 1e6,
                latencies.getValueAtPercentile(90) / 1e6, latencies.getMaxValue() / 1e6);
    }

    private static String register(RunningVault vault, String name) {
        return vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"" + name + "\"}").json().get("id").asText();
    }
}
