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
 * decrypted and projected every event again. Run with {@code -Pbenchmark}; it asserts nothing about
 * speed.
 */
@Tag("benchmark")
class ReplayBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.replay-events", 100_000);
    private static final int EVENTS_PER_CUSTOMER = 10;
    private static final int EVENTS_PER_TRANSACTION = 1_000;

    @TempDir
    Path root;

    @Test
    void rebuildOfTheReadModels() throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of("logging.level.root", "WARN"));
        String batchSize = System.getProperty("bench.batch-size");
        if (batchSize != null) {
            settings.put("vault.processors.batch-size", batchSize);
        }
        try (RunningVault vault = RunningVault.start(root.resolve("data"), settings)) {
            long seeding = System.nanoTime();
            append(vault);
            double seedSeconds = (System.nanoTime() - seeding) / 1e9;
            vault.awaitReadModels();

            long started = System.nanoTime();
            RunningVault.Response rebuilt = vault.post(RunningVault.ADMIN, "/api/v1/admin/projections/rebuild", null);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(rebuilt.status()).as(rebuilt.body()).isEqualTo(200);

            long stored = vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class);
            String report = String.format("events: %d (%d customers), cores: %d%n%n"
                            + "| events | appended/s (direct, encrypted) | rebuild s | events/s replayed (2 read models) |%n"
                            + "|---|---|---|---|%n| %d | %.0f | %.1f | %.0f |%n", stored, stored / EVENTS_PER_CUSTOMER,
                    Runtime.getRuntime().availableProcessors(), stored, stored / seedSeconds, seconds, stored / seconds);
            System.out.println(report);
            Path out = Path.of("target", "benchmarks", "replay-benchmark.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        }
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
