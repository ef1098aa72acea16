package org.customervault.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.kafka.KafkaPublicationTest.awaitEveryStoredEvent;
import static org.customervault.api.kafka.KafkaPublicationTest.header;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.customervault.infra.kafka.KafkaEventPublication;
import org.customervault.infra.local.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marks a record carries ({@code allowed-purposes}, {@code processing-restricted}) are those as of that record
 * however the publication's table of marks stands: empty for a customer the publication had already passed (as an
 * upgrade leaves it), after the publication's token went back to the start, and with the customer's key gone from the
 * key store (the marks are read from the stored payload, never decrypted: a publication that decrypted would stall on
 * that customer's events and never publish them again).
 */
class PublicationMarksRecoveryTest {

    private static final String TOPIC = "vault.customer-events";
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(90);
    /** What the customer below allows as of each of its events: register, 2 consents, restriction, objection. */
    private static final Map<Long, String> AS_OF_EACH_EVENT = Map.of(0L, "|false", 1L, "newsletter|false",
            2L, "marketing,newsletter|false", 3L, "marketing,newsletter|true", 4L, "newsletter|true");

    @TempDir
    Path root;

    private final Canaries canaries = new Canaries();

    @Test
    void marksAreAsOfEachRecordAfterAnUpgradeAKeyLossAndAReplay() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(root.resolve("kafka"));
             RunningVault vault = RunningVault.start(root.resolve("data"), Map.of(
                     "vault.kafka.bootstrap-servers", broker.bootstrapServers(),
                     "vault.kafka.acknowledgement-timeout", "5s",
                     // the customer's key leaves the cache soon after it is deleted from the store
                     "vault.keys.cache.maximum-age", "200ms"))) {
            vault.registerNotice("2026-01");
            String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"%s\"}".formatted(canaries.next("name")))
                    .json().get("id").asText();
            String path = "/api/v1/customers/" + id;
            for (String purpose : List.of("newsletter", "marketing")) {
                assertThat(vault.put(AGENT, path + "/consents/" + purpose,
                        "{\"granted\": true, \"noticeVersion\": \"2026-01\"}").status()).isIn(200, 202);
            }
            assertThat(vault.put(COMPLIANCE, path + "/restriction", "{\"restricted\": true}").status()).isIn(200, 202);
            awaitEveryStoredEvent(vault, broker);

            // as the upgrade that created the table left a customer the publication had passed: no row
            assertThat(vault.jdbc().update("DELETE FROM publication_marks WHERE customer_id = ?::uuid", id)).isEqualTo(1);
            // the objection is stored while the publication is stopped, and its key is gone before it is published (the
            // event store's read-ahead may still hand the publication the payload another processor decrypted; the
            // replay below reads it from the database, where only the key could open it)
            TrackingEventProcessor publication = vault.bean(EventProcessingConfiguration.class)
                    .eventProcessor(KafkaEventPublication.PROCESSING_GROUP, TrackingEventProcessor.class).orElseThrow();
            publication.shutDown();
            assertThat(vault.put(AGENT, path + "/objections/marketing", "{\"objected\": true, \"reason\": \""
                    + canaries.next("objection") + "\"}").status()).isIn(200, 202);
            assertThat(vault.superuserJdbc().update("DELETE FROM subject_key WHERE subject_id = ?", id)).isPositive();
            Thread.sleep(500);
            publication.start();

            List<ConsumerRecord<String, byte[]>> published = awaitEveryStoredEvent(vault, broker);
            assertAsOfEachEvent(marksOf(id, published), "first published, the objection without its key");

            publication.shutDown();
            publication.resetTokens();
            publication.start();

            List<ConsumerRecord<String, byte[]>> republished = readUntil(broker, records -> marksOf(id, records).values()
                    .stream().filter(marks -> marks.size() >= 2).count() == AS_OF_EACH_EVENT.size());
            assertAsOfEachEvent(marksOf(id, republished), "first published and published again");
        }
    }

    private static void assertAsOfEachEvent(Map<Long, List<String>> marksBySequence, String records) {
        assertThat(marksBySequence.keySet()).as(records).isEqualTo(AS_OF_EACH_EVENT.keySet());
        // a record may be sent more than once (at least once delivery); every copy carries the same marks
        marksBySequence.forEach((sequence, marks) -> assertThat(marks).as("%s: event %d", records, sequence)
                .containsOnly(AS_OF_EACH_EVENT.get(sequence)));
    }

    /** The customer's marks as published, every occurrence in order, by event sequence number. */
    private static Map<Long, List<String>> marksOf(String customer, List<ConsumerRecord<String, byte[]>> records) {
        Map<Long, List<String>> marks = new TreeMap<>();
        records.stream().filter(record -> customer.equals(record.key())).forEach(record -> marks.computeIfAbsent(
                Long.parseLong(header(record, KafkaEventPublication.SEQUENCE)), sequence -> new ArrayList<>())
                .add(header(record, KafkaEventPublication.ALLOWED_PURPOSES) + "|"
                        + header(record, KafkaEventPublication.PROCESSING_RESTRICTED)));
        return marks;
    }

    /** Reads the topic from the start until {@code enough} holds of every record read, or the wait is over. */
    private static List<ConsumerRecord<String, byte[]>> readUntil(KafkaBroker broker,
                                                                  Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
        Map<String, Object> settings = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(5)).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!enough.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertThat(enough.test(records)).as("the topic holds what was awaited (%d records read)", records.size()).isTrue();
        return records;
    }
}
