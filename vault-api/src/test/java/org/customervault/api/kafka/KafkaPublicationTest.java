package org.customervault.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.customervault.infra.kafka.KafkaEventPublication;
import org.customervault.infra.local.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publication to a real Kafka broker (its own process, started by {@code infra/local/kafka}):
 * every stored event reaches the topic, in order per customer, encrypted; a broker stopped during
 * a stream of commands loses nothing; an erasure publishes its notice.
 */
class KafkaPublicationTest {

    private static final String TOPIC = "vault.customer-events";
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(90);

    @TempDir
    Path root;

    private final Canaries canaries = new Canaries();

    @Test
    void everyEventReachesTheTopicEncryptedAndInOrderEvenAcrossABrokerOutage() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(root.resolve("kafka"));
             RunningVault vault = RunningVault.start(root.resolve("data"), Map.of(
                     "vault.kafka.bootstrap-servers", broker.bootstrapServers(),
                     "vault.kafka.acknowledgement-timeout", "5s"))) {
            List<String> customers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                customers.add(registerAndRectify(vault));
            }
            awaitEveryStoredEvent(vault, broker);
            assertThat(vault.get(ADMIN, "/actuator/health").json().at("/components/kafka/status").asText()).isEqualTo("UP");

            broker.stop();
            RunningVault.Response health = vault.get(ADMIN, "/actuator/health");
            assertThat(health.status()).as("Kafka down keeps the vault in service").isEqualTo(200);
            assertThat(health.json().at("/components/kafka/status").asText()).isEqualTo("DEGRADED");
            assertThat(health.json().get("status").asText()).isEqualTo("UP");
            for (int i = 0; i < 5; i++) {
                customers.add(registerAndRectify(vault));
            }
            assertThat(customers).as("commands are not held up while Kafka is down").hasSize(10);
            broker.restart();
            String erased = customers.get(0);
            assertThat(vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + erased, null, null).status()).isEqualTo(200);

            String marked = customerWithConsentsObjectionAndRestriction(vault);

            List<ConsumerRecord<String, byte[]>> records = awaitEveryStoredEvent(vault, broker);
            Map<Long, String> marksBySequence = new LinkedHashMap<>();
            records.stream().filter(record -> marked.equals(record.key())).forEach(record -> marksBySequence.putIfAbsent(
                    Long.parseLong(header(record, KafkaEventPublication.SEQUENCE)),
                    header(record, KafkaEventPublication.ALLOWED_PURPOSES) + "|"
                            + header(record, KafkaEventPublication.PROCESSING_RESTRICTED)));
            assertThat(marksBySequence).as("what the customer allows as of each record").containsExactly(
                    Map.entry(0L, "|false"), Map.entry(1L, "newsletter|false"), Map.entry(2L, "marketing,newsletter|false"),
                    Map.entry(3L, "newsletter|false"), Map.entry(4L, "newsletter|true"), Map.entry(5L, "newsletter|false"));

            Map<String, List<Long>> sequencesPerCustomer = new LinkedHashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                sequencesPerCustomer.computeIfAbsent(record.key(), key -> new ArrayList<>())
                        .add(Long.parseLong(header(record, KafkaEventPublication.SEQUENCE)));
                assertThat(header(record, KafkaEventPublication.EVENT_TYPE)).startsWith("org.customervault.domain.");
                assertThat(header(record, KafkaEventPublication.EVENT_REVISION)).matches("[0-9]+");
                assertThat(header(record, KafkaEventPublication.EVENT_TIME)).isNotBlank();
            }
            assertThat(sequencesPerCustomer.keySet()).containsAll(customers);
            sequencesPerCustomer.forEach((customer, sequences) -> assertThat(firstOccurrences(sequences))
                    .as("order of customer %s", customer).isSorted());
            assertThat(records).filteredOn(record -> erased.equals(record.key()))
                    .anySatisfy(record -> assertThat(header(record, KafkaEventPublication.NOTICE)).isEqualTo("erasure"));
            for (ConsumerRecord<String, byte[]> record : records) {
                assertThat(record.value()).as("published exactly as stored, never decrypted or re-encrypted")
                        .isEqualTo(vault.jdbc().queryForObject("SELECT payload FROM domainevententry WHERE eventidentifier = ?",
                                byte[].class, header(record, KafkaEventPublication.EVENT_ID)));
            }
            List<Path> written = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                Path file = Files.createTempFile(root, "record", ".bin");
                Files.write(file, record.value());
                written.add(file);
            }
            written.addAll(Canaries.filesUnder(broker.dataDirectory()));
            assertThat(canaries.findIn(written)).as("no personal value in a record or the broker's log segments").isEmpty();
        }
    }

    private String customerWithConsentsObjectionAndRestriction(RunningVault vault) {
        vault.registerNotice("2026-01");
        String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"%s\"}".formatted(canaries.next("name")))
                .json().get("id").asText();
        String path = "/api/v1/customers/" + id;
        for (String purpose : List.of("newsletter", "marketing")) {
            assertThat(vault.put(AGENT, path + "/consents/" + purpose, "{\"granted\": true, \"noticeVersion\": \"2026-01\"}")
                    .status()).isIn(200, 202);
        }
        assertThat(vault.put(AGENT, path + "/objections/marketing", "{\"objected\": true, \"reason\": \""
                + canaries.next("objection") + "\"}").status()).isIn(200, 202);
        assertThat(vault.put(COMPLIANCE, path + "/restriction", "{\"restricted\": true}").status()).isIn(200, 202);
        assertThat(vault.put(COMPLIANCE, path + "/restriction", "{\"restricted\": false}").status()).isIn(200, 202);
        return id;
    }

    private String registerAndRectify(RunningVault vault) {
        String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"%s %s\", \"email\": \"%s@example.com\"}"
                .formatted(canaries.next("name"), canaries.next("surname"), canaries.next("mail"))).json().get("id").asText();
        for (int i = 0; i < 3; i++) {
            assertThat(vault.patch(AGENT, "/api/v1/customers/" + id, "{\"phone\": \"+549" + canaries.remember(Canaries.digits(10))
                    + "\"}").status()).isEqualTo(200);
        }
        return id;
    }

    /** Reads the topic from the start until every event of the store is there (by event id); answers every record read. */
    static List<ConsumerRecord<String, byte[]>> awaitEveryStoredEvent(RunningVault vault, KafkaBroker broker)
            throws InterruptedException {
        Set<String> stored = Set.copyOf(vault.jdbc().queryForList("SELECT eventidentifier FROM domainevententry", String.class));
        Map<String, Object> settings = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = await("the topic's partitions").atMost(DELIVERY_WAIT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> partitionsOf(consumer), found -> !found.isEmpty());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!eventIds(records).containsAll(stored) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertThat(eventIds(records)).as("every stored event published").containsAll(stored);
        return records;
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> consumer) {
        List<PartitionInfo> found = consumer.partitionsFor(TOPIC, Duration.ofSeconds(5));
        return found == null ? List.of() : found.stream().map(info -> new TopicPartition(TOPIC, info.partition())).toList();
    }

    private static Set<String> eventIds(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(record -> header(record, KafkaEventPublication.EVENT_ID)).collect(Collectors.toSet());
    }

    /** Each sequence number where it first appears: a retried batch may repeat what came before. */
    private static List<Long> firstOccurrences(List<Long> sequences) {
        return sequences.stream().distinct().toList();
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
