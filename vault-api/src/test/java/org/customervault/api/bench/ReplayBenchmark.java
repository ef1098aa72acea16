package org.customervault.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.customervault.api.support.RunningVault;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.PhoneRectifiedEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay of the CRM read models: N encrypted events (each customer registered, then its phone
 * rectified nine times) are appended straight to the event store, the read models catch up, and then
 * {@code POST /api/v1/admin/projections/rebuild} resets both processors and waits until they have
 * decrypted and projected every event again. Then the same on a second vault whose events are stored
 * unencrypted ({@link PlainEventsConfiguration}; its read models still seal their personal columns):
 * the baseline. Each vault rebuilds once unmeasured, so that both are measured with the JVM's code
 * compiled for them. Run with {@code -Pbenchmark}; it
 * asserts nothing about speed.
 */
@Tag("benchmark")
class ReplayBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.replay-events", 100_000);
    private static final int EVENTS_PER_CUSTOMER = 10;
    private static final int EVENTS_PER_TRANSACTION = 1_000;

    @TempDir
    Path root;

    private record Rebuilt(long events, double appendSeconds, double rebuildSeconds) {

        double rebuiltPerSecond() {
            return events / rebuildSeconds;
        }

        String row(String mode) {
            return String.format("| %s | %.0f | %.1f | %.0f |%n", mode, events / appendSeconds, rebuildSeconds, rebuiltPerSecond());
        }
    }

    @Test
    void rebuildOfTheReadModels() throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of("logging.level.root", "WARN"));
        String batchSize = System.getProperty("bench.batch-size");
        if (batchSize != null) {
            settings.put("vault.processors.batch-size", batchSize);
        }
        Rebuilt encrypted = measure(RunningVault.start(root.resolve("encrypted"), settings), true);
        Rebuilt plain = measure(RunningVault.start(root.resolve("plain"), settings, PlainEventsConfiguration.class), false);

        StringBuilder report = new StringBuilder(String.format("events: %d (%d customers), cores: %d%n%n"
                        + "| events stored | appended/s (direct) | rebuild s | events/s replayed (2 read models) |%n"
                        + "|---|---|---|---|%n", encrypted.events(), encrypted.events() / EVENTS_PER_CUSTOMER,
                Runtime.getRuntime().availableProcessors()));
        report.append(encrypted.row("encrypted")).append(plain.row("plain"));
        report.append(String.format("%nencrypted/plain: %.2f%n", encrypted.rebuiltPerSecond() / plain.rebuiltPerSecond()));
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "replay-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    /** One vault at a time, each with the whole machine: the plain one stores its events unencrypted. */
    private static Rebuilt measure(RunningVault started, boolean encrypted) throws Exception {
        try (RunningVault vault = started) {
            long seeding = System.nanoTime();
            append(vault);
            double appendSeconds = (System.nanoTime() - seeding) / 1e9;
            vault.awaitReadModels();
            PlainEventsConfiguration.requireStored(vault, encrypted);

            // the first rebuild warms the JVM's compiled code for this vault; the second is measured
            rebuild(vault);
            long rebuildStart = System.nanoTime();
            rebuild(vault);
            double rebuildSeconds = (System.nanoTime() - rebuildStart) / 1e9;
            long stored = vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class);
            return new Rebuilt(stored, appendSeconds, rebuildSeconds);
        }
    }

    private static void rebuild(RunningVault vault) {
        RunningVault.Response rebuilt = vault.post(RunningVault.ADMIN, "/api/v1/admin/projections/rebuild", null);
        assertThat(rebuilt.status()).as(rebuilt.body()).isEqualTo(200);
    }

    private static void append(RunningVault vault) {
        EventStore events = vault.bean(EventStore.class);
        TransactionManager transactions = vault.bean(TransactionManager.class);
        List<GenericDomainEventMessage<?>> batch = new ArrayList<>(EVENTS_PER_TRANSACTION);
        for (int customer = 0; customer < EVENTS / EVENTS_PER_CUSTOMER; customer++) {
            CustomerId id = CustomerId.newId();
            batch.add(new GenericDomainEventMessage<>("Customer", id.value(), 0, new CustomerRegisteredEvent(id,
                    "Replay Customer " + customer, "replay" + customer + "@example.com", null, "ID-" + customer, null, null, null)));
            for (int sequence = 1; sequence < EVENTS_PER_CUSTOMER; sequence++) {
                batch.add(new GenericDomainEventMessage<>("Customer", id.value(), sequence,
                        new PhoneRectifiedEvent(id, "+54911" + String.format("%08d", sequence))));
            }
            if (batch.size() >= EVENTS_PER_TRANSACTION) {
                List<GenericDomainEventMessage<?>> full = List.copyOf(batch);
                transactions.executeInTransaction(() -> events.publish(full));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            transactions.executeInTransaction(() -> events.publish(batch));
        }
    }
}
