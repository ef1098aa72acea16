package org.customervault.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
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
 * decrypted and projected every event again. The baseline is a second vault whose events are stored
 * unencrypted ({@link PlainEventsConfiguration}; its read models still seal their personal columns).
 * Both run in this JVM: each rebuilds once unmeasured, then both are measured in rounds that
 * alternate which vault goes first, each rebuild with the whole machine (the other vault idle) and
 * after the JIT compilers went idle. Run with {@code -Pbenchmark}; it asserts nothing about speed.
 */
@Tag("benchmark")
class ReplayBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.replay-events", 100_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int EVENTS_PER_CUSTOMER = 10;
    private static final int EVENTS_PER_TRANSACTION = 1_000;

    @TempDir
    Path root;

    private record Vault(RunningVault running, long events, double appendSeconds, List<Double> rebuildSeconds) {

        static Vault seeded(RunningVault running, boolean encrypted) throws InterruptedException {
            long seeding = System.nanoTime();
            append(running);
            double appendSeconds = (System.nanoTime() - seeding) / 1e9;
            running.awaitReadModels();
            PlainEventsConfiguration.requireStored(running, encrypted);
            long stored = running.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class);
            return new Vault(running, stored, appendSeconds, new ArrayList<>());
        }

        void measureRebuild() throws InterruptedException {
            Compilers.awaitIdle();
            long began = System.nanoTime();
            rebuild(running);
            rebuildSeconds.add((System.nanoTime() - began) / 1e9);
        }

        double rebuiltPerSecond() {
            return events * rebuildSeconds.size() / rebuildSeconds.stream().mapToDouble(Double::doubleValue).sum();
        }

        DoubleSummaryStatistics roundsPerSecond() {
            return rebuildSeconds.stream().mapToDouble(seconds -> events / seconds).summaryStatistics();
        }

        String row(String mode) {
            DoubleSummaryStatistics rounds = roundsPerSecond();
            return String.format("| %s | %.0f | %.1f | %.0f | %.0f–%.0f |%n", mode, events / appendSeconds,
                    events / rebuiltPerSecond(), rebuiltPerSecond(), rounds.getMin(), rounds.getMax());
        }
    }

    @Test
    void rebuildOfTheReadModels() throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of("logging.level.root", "WARN"));
        String batchSize = System.getProperty("bench.batch-size");
        if (batchSize != null) {
            settings.put("vault.processors.batch-size", batchSize);
        }
        Vault encrypted;
        Vault plain;
        try (RunningVault withCrypto = RunningVault.start(root.resolve("encrypted"), settings);
             RunningVault without = RunningVault.start(root.resolve("plain"), settings, PlainEventsConfiguration.class)) {
            encrypted = Vault.seeded(withCrypto, true);
            plain = Vault.seeded(without, false);
            // unmeasured: the JVM's code compiled for both before any rebuild counts
            rebuild(withCrypto);
            rebuild(without);
            for (int round = 0; round < ROUNDS; round++) {
                if (round % 2 == 0) {
                    encrypted.measureRebuild();
                    plain.measureRebuild();
                } else {
                    plain.measureRebuild();
                    encrypted.measureRebuild();
                }
            }
        }

        StringBuilder report = new StringBuilder(String.format("events: %d (%d customers), %d rounds, cores: %d%n%n"
                        + "| events stored | appended/s (direct) | rebuild s | events/s replayed (2 read models) | rounds' events/s |%n"
                        + "|---|---|---|---|---|%n", encrypted.events(), encrypted.events() / EVENTS_PER_CUSTOMER, ROUNDS,
                Runtime.getRuntime().availableProcessors()));
        report.append(encrypted.row("encrypted")).append(plain.row("plain"));
        report.append(String.format("%nencrypted/plain: %.2f%n", encrypted.rebuiltPerSecond() / plain.rebuiltPerSecond()));
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "replay-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
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
