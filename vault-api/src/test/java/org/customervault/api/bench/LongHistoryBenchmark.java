package org.customervault.api.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.AGENT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
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
 * {@code bench.history} events (10,000) and of one with a short history, each first dropped from
 * the customers kept in memory so that the command loads the customer from the event store; and of
 * the long one while it is kept in memory. Measured twice on the same database in one run: first
 * with snapshots off ({@code vault.snapshots.every=0}: the whole history is read and decrypted),
 * then, after a restart with snapshots every {@code bench.snapshots-every} events (250), from the
 * customer's snapshot and the few events after it, and from the snapshot and some 200 events after
 * it (close to the most a customer has beyond its last snapshot). Run with {@code -Pbenchmark}; it
 * asserts nothing about speed.
 */
@Tag("benchmark")
class LongHistoryBenchmark {

    private static final int HISTORY = Integer.getInteger("bench.history", 10_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 30);
    private static final int SNAPSHOTS_EVERY = Integer.getInteger("bench.snapshots-every", 250);
    private static final String SILENT = "WARN";

    @TempDir
    Path root;

    @Test
    void rectificationsOfACustomerWithALongHistory() throws Exception {
        Path dataDir = root.resolve("data");
        String longHistory;
        String shortHistory;
        double appendSeconds;
        StringBuilder rows = new StringBuilder();
        try (RunningVault vault = RunningVault.start(dataDir, Map.of("logging.level.root", SILENT,
                "vault.snapshots.every", 0))) {
            longHistory = register(vault, "Historia Larga");
            shortHistory = register(vault, "Historia Corta");
            long appending = System.nanoTime();
            interactions(vault, longHistory, HISTORY - 1);
            appendSeconds = (System.nanoTime() - appending) / 1e9;
            vault.awaitReadModels();
            Cache customers = vault.bean(Cache.class);
            rows.append(row(shortRow(vault, shortHistory, "no snapshots"), rectifications(vault, shortHistory, customers, true)))
                    .append(row(String.format("no snapshots: %,d events, loaded from the store", HISTORY),
                            rectifications(vault, longHistory, customers, true)))
                    .append(row(String.format("no snapshots: %,d events, kept in memory", HISTORY),
                            rectifications(vault, longHistory, customers, false)));
        }
        try (RunningVault vault = RunningVault.start(dataDir, Map.of("logging.level.root", SILENT,
                "vault.snapshots.every", SNAPSHOTS_EVERY))) {
            Cache customers = vault.bean(Cache.class);
            // this load reads the whole history, and asks for the snapshot that the next loads read
            customers.remove(longHistory);
            assertThat(vault.patch(AGENT, "/api/v1/customers/" + longHistory, "{\"email\": \"first@example.com\"}")
                    .status()).isEqualTo(200);
            long snapshotAt = awaitSnapshot(vault, longHistory);
            int measured = ROUNDS + 3;
            rows.append(row(shortRow(vault, shortHistory, "snapshots"), rectifications(vault, shortHistory, customers, true)))
                    .append(row(String.format("snapshots: %,d events, loaded from the snapshot and the 0–%d events after it",
                            snapshotAt + 1, measured - 1), rectifications(vault, longHistory, customers, true)));
            // as many events after the snapshot as the next rounds can add without a new snapshot being taken
            int beyond = SNAPSHOTS_EVERY - 5 - 2 * measured;
            interactions(vault, longHistory, beyond);
            rows.append(row(String.format("snapshots: the same, with the %d–%d events after the snapshot",
                    measured + beyond, 2 * measured + beyond - 1), rectifications(vault, longHistory, customers, true)));
            assertThat(vault.jdbc().queryForObject("SELECT max(sequencenumber) FROM snapshotevententry"
                    + " WHERE aggregateidentifier = ?", Long.class, longHistory)).as("still the same snapshot").isEqualTo(snapshotAt);
        }

        String report = String.format("history: %,d events; rounds: %d; snapshots every %d events; cores: %d;"
                        + " appending the history took %.1f s%n%n"
                        + "| rectification through REST | p50 ms | p90 ms | max ms |%n|---|---|---|---|%n%s",
                HISTORY, ROUNDS, SNAPSHOTS_EVERY, Runtime.getRuntime().availableProcessors(), appendSeconds, rows);
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "long-history-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    /** The row of the short history: the events it has when each round loads it, one more each round. */
    private static String shortRow(RunningVault vault, String customer, String mode) {
        long events = vault.jdbc().queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, customer);
        return String.format("%s: a short history of %d–%d events, loaded from the store", mode, events, events + ROUNDS + 2);
    }

    private static void interactions(RunningVault vault, String customer, int count) {
        CommandGateway commands = vault.bean(CommandGateway.class);
        for (int i = 1; i <= count; i++) {
            commands.sendAndWait(new RecordInteractionCommand(CustomerId.of(customer), UUID.randomUUID().toString(),
                    Channel.PHONE, "Llamada número " + i + " sobre el pedido", Instant.parse("2026-01-01T00:00:00Z")));
        }
    }

    /** Waits for the customer's snapshot, at most a minute, and answers the sequence number it was taken at. */
    private static long awaitSnapshot(RunningVault vault, String customer) throws InterruptedException {
        return await("a snapshot of the customer").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> vault.jdbc().queryForObject(
                        "SELECT max(sequencenumber) FROM snapshotevententry WHERE aggregateidentifier = ?", Long.class, customer),
                        Objects::nonNull);
    }

    private static Histogram rectifications(RunningVault vault, String customer, Cache customers, boolean evictFirst) {
        Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        for (int round = -3; round < ROUNDS; round++) {
            if (evictFirst) {
                customers.remove(customer);
            }
            long started = System.nanoTime();
            int status = vault.patch(AGENT, "/api/v1/customers/" + customer,
                    "{\"email\": \"round" + round + "." + UUID.randomUUID() + "@example.com\"}").status();
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
