package org.customervault.api.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hash chains over a store of some size: customers registered through the command gateway
 * (one event each, chained as they come), then access-log entries inserted in bulk; how long the
 * chainer takes to catch up with the bulk (default settings), and how long a full check takes
 * through {@code GET /api/v1/compliance/integrity}. Run with {@code -Pbenchmark}; it asserts
 * nothing about speed.
 */
@Tag("benchmark")
class IntegrityBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 20_000);
    private static final int ACCESS_ENTRIES = Integer.getInteger("bench.access-entries", 200_000);
    private static final int CHECKS = 3;

    @TempDir
    Path root;

    @Test
    void chainingAndCheckingAStore() throws Exception {
        try (RunningVault vault = RunningVault.start(root, Map.of("logging.level.root", "WARN"))) {
            Seeder.register(vault, CUSTOMERS, (id, n) -> new RegisterCustomerCommand(id, "Bench " + n,
                    "bench." + n + "@example.com", null, null, null, null, null));
            JdbcTemplate jdbc = vault.jdbc();
            awaitChained(jdbc, "events", "SELECT count(*) FROM domainevententry");

            long inserting = System.nanoTime();
            jdbc.update("""
                    INSERT INTO access_log (at, actor, subject_id, action, purpose)
                    SELECT now(), 'bench', gen_random_uuid(), 'customer.view', 'benchmark' FROM generate_series(1, ?)""",
                    ACCESS_ENTRIES);
            awaitChained(jdbc, "accessLog", "SELECT count(*) FROM access_log");
            Duration chaining = Duration.ofNanos(System.nanoTime() - inserting);

            long events = jdbc.queryForObject("SELECT count(*) FROM integrity_link WHERE log = 'events'", Long.class);
            long entries = jdbc.queryForObject("SELECT count(*) FROM integrity_link WHERE log = 'accessLog'", Long.class);
            StringBuilder report = new StringBuilder(String.format("events: %d, access-log entries: %d, cores: %d%n%n"
                    + "chaining %d access-log entries inserted at once: %d ms (%.0f rows/s)%n%n"
                    + "| check | ms | rows/s |%n|---|---|---|%n", events, entries, Runtime.getRuntime().availableProcessors(),
                    ACCESS_ENTRIES, chaining.toMillis(), ACCESS_ENTRIES / (chaining.toNanos() / 1e9)));
            for (int check = 1; check <= CHECKS; check++) {
                long started = System.nanoTime();
                RunningVault.Response answer = vault.get(RunningVault.COMPLIANCE, "/api/v1/compliance/integrity");
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(answer.json().get("intact").asBoolean()).as(answer.body()).isTrue();
                report.append(String.format("| %d | %d | %.0f |%n", check, millis, (events + entries) / (millis / 1e3)));
            }
            System.out.println(report);
            Path out = Path.of("target", "benchmarks", "integrity-benchmark.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        }
    }

    private static void awaitChained(JdbcTemplate jdbc, String log, String rows) {
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                jdbc.queryForObject("SELECT count(*) FROM integrity_link WHERE log = ?", Long.class, log)
                        .equals(jdbc.queryForObject(rows, Long.class)));
    }
}
