package org.customervault.api.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.SimpleSerializedObject;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.domain.crypto.EventIdentity;
import org.customervault.domain.crypto.IdentifiedPayload;
import org.customervault.domain.crypto.PersonalDataSerializer;
import org.customervault.domain.customer.Customer;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.CustomerSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customer snapshots on the running vault, a snapshot every {@value #EVERY} events: sealed under the
 * customer's key (no canary in the snapshot table), loaded as the customer its events make, deleted by
 * the erasure and read as erased when a copy comes back, and refused (the customer then loads from its
 * events) when changed in the database by its superuser.
 */
class SnapshotTest {

    private static final int EVERY = 5;

    @TempDir
    static Path root;
    private static RunningVault vault;
    private static Path log;

    private final Canaries canaries = new Canaries();

    @BeforeAll
    static void start() {
        log = root.resolve("vault.log");
        vault = RunningVault.start(root.resolve("data"), Map.of("vault.snapshots.every", EVERY, "logging.file.name", log));
        vault.registerNotice("2026-01");
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void aCustomerIsSnapshottedSealedAndLoadsFromItAsFromAllItsEvents() throws IOException {
        String fullName = canaries.next("name") + " " + canaries.next("surname");
        String nationalId = canaries.next("nid");
        String phone = "+549" + canaries.remember(Canaries.digits(10));
        LocalDate birthDate = LocalDate.of(1950 + (int) (Math.random() * 40), 3, 14);
        canaries.remember(birthDate.toString());
        String customer = register("""
                {"fullName": "%s", "email": "%s@example.com", "phone": "%s", "nationalId": "%s", "birthDate": "%s",
                 "address": {"line1": "%s 1", "city": "%s", "postalCode": "%s", "country": "UY"},
                 "preferences": {"language": "es-%s", "channels": ["SMS"]}}"""
                .formatted(fullName, canaries.next("mail"), phone, nationalId, birthDate, canaries.next("street"),
                        canaries.next("city"), canaries.next("pc"), canaries.remember(Canaries.token(8))));
        String path = "/api/v1/customers/" + customer;
        String orderRef = canaries.next("order");
        assertThat(purchase(customer, orderRef)).isEqualTo(201);
        assertThat(vault.put(AGENT, path + "/consents/" + canaries.next("purpose"),
                "{\"granted\": true, \"noticeVersion\": \"2026-01\"}").status()).isEqualTo(200);
        assertThat(vault.patch(AGENT, path, "{\"email\": \"" + canaries.next("newmail") + "@example.com\"}").status())
                .isEqualTo(200);
        interactions(customer, 4);

        DomainEventMessage<?> snapshot = awaitReadableSnapshot(customer);

        assertThat(snapshot.getPayload()).as("the state the events up to it make")
                .isEqualTo(replayedUpTo(customer, snapshot.getSequenceNumber()));
        Path dump = root.resolve("snapshot-table.txt");
        Files.writeString(dump, String.join("\n", vault.superuserJdbc().queryForList(
                "SELECT t::text || convert_from(t.payload, 'UTF8') FROM snapshotevententry t", String.class)));
        assertThat(Files.size(dump)).isPositive();
        assertThat(canaries.findIn(List.of(dump))).as("canaries in the snapshot table, as text or hex").isEmpty();

        vault.bean(Cache.class).remove(customer);
        assertThat(vault.bean(EventStore.class).readEvents(customer).peek().getPayload())
                .as("loaded from its snapshot").isInstanceOf(CustomerSnapshot.class);
        assertThat(purchase(customer, orderRef)).as("an order recorded before the snapshot").isEqualTo(409);
        vault.bean(Cache.class).remove(customer);
        assertThat(purchase(customer, "after-the-snapshot")).isEqualTo(201);
        assertThat(vault.get(COMPLIANCE, path).body()).contains(fullName, nationalId, phone);
        JsonNode history = vault.get(COMPLIANCE, "/api/v1/compliance/customers/" + customer + "/history").json();
        assertThat(history.at("/events/0/sequence").asLong()).as("the history starts at the first event, not the snapshot")
                .isZero();
        assertThat(history.at("/events/0/data/fullName").asText()).isEqualTo(fullName);
        assertThat((long) history.get("events").size()).isEqualTo(vault.jdbc().queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, customer));
        assertThat(history.toString()).doesNotContain("CustomerSnapshot");
    }

    @Test
    void anErasedCustomersSnapshotIsDeletedAndACopyBroughtBackReadsAsErased() {
        String customer = customerWithSnapshot("ORDER-E");
        Map<String, Object> copy = vault.superuserJdbc().queryForMap(
                "SELECT * FROM snapshotevententry WHERE aggregateidentifier = ?", customer);

        Response erasure = vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + customer, null, null);

        assertThat(erasure.status()).as(erasure.body()).isEqualTo(200);
        assertThat(erasure.json().get("purged").toString()).contains("\"snapshots\"");
        assertThat(snapshotsOf(customer)).isZero();

        vault.superuserJdbc().update("""
                INSERT INTO snapshotevententry (aggregateidentifier, sequencenumber, type, eventidentifier, timestamp,
                                                payloadtype, payloadrevision, payload, metadata)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", copy.get("aggregateidentifier"), copy.get("sequencenumber"),
                copy.get("type"), copy.get("eventidentifier"), copy.get("timestamp"), copy.get("payloadtype"),
                copy.get("payloadrevision"), copy.get("payload"), copy.get("metadata"));

        Object read = vault.bean(PersonalDataSerializer.class).deserialize(new IdentifiedPayload<>(
                new SimpleSerializedObject<>((byte[]) copy.get("payload"), byte[].class, (String) copy.get("payloadtype"),
                        (String) copy.get("payloadrevision")),
                new EventIdentity((String) copy.get("eventidentifier"), customer)));
        assertThat(read).as("its key is gone").isEqualTo(new CustomerSnapshot(CustomerId.of(customer), null, true));
        assertThat(engine().readSnapshot(customer)).isEmpty();
        Response refused = vault.patch(AGENT, "/api/v1/customers/" + customer, "{\"email\": \"back@example.com\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(410);
        assertThat(vault.post(AGENT, "/api/v1/customers/" + customer + "/interactions", """
                {"channel": "PHONE", "summary": "after", "occurredAt": "2026-01-05T10:00:00Z"}""").status()).isEqualTo(410);
        assertThat(logLinesAbout((String) copy.get("eventidentifier"))).as("erased is not an error").isZero();
    }

    @Test
    void anotherCustomersSnapshotCopiedIntoThisCustomersRowIsRefused() {
        String customer = customerWithSnapshot("ORDER-MINE");
        String other = customerWithSnapshot("ORDER-THEIRS");
        String tampered = snapshotId(customer);

        vault.superuserJdbc().update("""
                UPDATE snapshotevententry target SET payload = source.payload FROM snapshotevententry source
                WHERE source.aggregateidentifier = ? AND target.aggregateidentifier = ?""", other, customer);

        assertRefusedAndLoadedFromEvents(customer, tampered, "ORDER-MINE", "ORDER-THEIRS");
    }

    @Test
    void anOlderSnapshotMovedToALaterPlaceIsRefused() {
        String customer = customerWithSnapshot("ORDER-MOVED");
        String moved = snapshotId(customer);

        vault.superuserJdbc().update("""
                UPDATE snapshotevententry SET sequencenumber = sequencenumber + 2 WHERE aggregateidentifier = ?""",
                customer);

        assertRefusedAndLoadedFromEvents(customer, moved, "ORDER-MOVED", "ORDER-NEW");
    }

    @Test
    void aStateWrittenAroundTheSerializerIsRefused() {
        String customer = customerWithSnapshot("ORDER-PLAIN");
        String planted = snapshotId(customer);

        vault.superuserJdbc().update("""
                UPDATE snapshotevententry
                SET payload = convert_to(jsonb_set(convert_from(payload, 'UTF8')::jsonb, '{state}',
                        '{"sequence": 99, "fullName": "Planted", "restricted": false, "consents": {}, "orders": {}}')::text,
                        'UTF8')
                WHERE aggregateidentifier = ?""", customer);

        assertRefusedAndLoadedFromEvents(customer, planted, "ORDER-PLAIN", "ORDER-NEW");
    }

    @Test
    void aSnapshotOfAnUnknownRevisionIsLeftOut() {
        String customer = customerWithSnapshot("ORDER-REVISION");
        String unknown = snapshotId(customer);

        vault.superuserJdbc().update("UPDATE snapshotevententry SET payloadrevision = '99' WHERE aggregateidentifier = ?",
                customer);

        assertRefusedAndLoadedFromEvents(customer, unknown, "ORDER-REVISION", "ORDER-NEW");
    }

    /** Revision 1 knew the orders' references but not their purchase ids, which a repeated order is answered with. */
    @Test
    void aSnapshotOfRevisionOneIsLeftOut() {
        String customer = customerWithSnapshot("ORDER-OLD-REVISION");
        String older = snapshotId(customer);

        vault.superuserJdbc().update("UPDATE snapshotevententry SET payloadrevision = '1' WHERE aggregateidentifier = ?",
                customer);

        assertRefusedAndLoadedFromEvents(customer, older, "ORDER-OLD-REVISION", "ORDER-NEW");
    }

    /**
     * The snapshot is not used: the customer loads from its events (an order it recorded is still
     * known, the order of the other customer is not), the snapshot is logged once however often the
     * customer loads, and the next snapshot taken replaces it.
     */
    private static void assertRefusedAndLoadedFromEvents(String customer, String snapshotId, String ownOrder,
                                                         String unknownOrder) {
        vault.bean(Cache.class).remove(customer);
        assertThat(engine().readSnapshot(customer)).isEmpty();
        assertThat(vault.bean(EventStore.class).readEvents(customer).peek().getSequenceNumber())
                .as("loaded from its first event").isZero();

        assertThat(purchase(customer, ownOrder)).isEqualTo(409);
        vault.bean(Cache.class).remove(customer);
        assertThat(purchase(customer, unknownOrder)).isEqualTo(201);

        await().atMost(Duration.ofSeconds(20)).until(() -> snapshotIdOrNull(customer) != null
                && !snapshotId.equals(snapshotIdOrNull(customer)));
        DomainEventMessage<?> replacement = awaitReadableSnapshot(customer);
        assertThat(((CustomerSnapshot) replacement.getPayload()).customerId().value()).isEqualTo(customer);
        // whether the replacement was taken before or after the unknown order was recorded is the snapshotter's timing
        assertThat(((CustomerSnapshot) replacement.getPayload()).state().orders()).containsKey(ownOrder);
        assertThat(snapshotsOf(customer)).as("the refused snapshot is replaced").isOne();
        assertThat(logLinesAbout(snapshotId)).as("logged once").isOne();
        assertThat(logText()).doesNotContain("snap@example.com", "Snapshot Customer", "Call 1");
    }

    /** A registered customer with an order and more events than {@value #EVERY}, once its snapshot is stored. */
    private static String customerWithSnapshot(String orderRef) {
        String customer = register("{\"fullName\": \"Snapshot Customer\", \"email\": \"snap@example.com\"}");
        assertThat(purchase(customer, orderRef)).isEqualTo(201);
        interactions(customer, EVERY);
        awaitReadableSnapshot(customer);
        return customer;
    }

    private static String register(String json) {
        Response created = vault.post(AGENT, "/api/v1/customers", json);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static int purchase(String customer, String orderRef) {
        return vault.post(AGENT, "/api/v1/customers/" + customer + "/purchases", """
                {"orderRef": "%s", "amount": "10.00", "currency": "USD", "occurredAt": "2026-01-05T10:00:00Z"}"""
                .formatted(orderRef)).status();
    }

    private static void interactions(String customer, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(vault.post(AGENT, "/api/v1/customers/" + customer + "/interactions", """
                    {"channel": "PHONE", "summary": "Call %d", "occurredAt": "2026-01-05T10:00:00Z"}""".formatted(i))
                    .status()).isEqualTo(201);
        }
    }

    private static DomainEventMessage<?> awaitReadableSnapshot(String customer) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> engine().readSnapshot(customer), Optional::isPresent)
                .orElseThrow();
    }

    /** The customer's state after its events up to {@code sequence}, built without any snapshot. */
    private static CustomerSnapshot replayedUpTo(String customer, long sequence) {
        List<? extends DomainEventMessage<?>> events = engine().readEvents(customer, 0).asStream()
                .filter(event -> event.getSequenceNumber() <= sequence).toList();
        Customer root = new GenericAggregateFactory<>(Customer.class).createAggregateRoot(customer, events.get(0));
        EventSourcedAggregate<Customer> aggregate = EventSourcedAggregate.initialize(root,
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Customer.class), null, NoSnapshotTriggerDefinition.TRIGGER);
        aggregate.initializeState(DomainEventStream.of(events.stream()));
        assertThat(aggregate.version()).isEqualTo(sequence);
        return aggregate.getAggregateRoot().snapshot().orElseThrow();
    }

    private static EventStorageEngine engine() {
        return vault.bean(EventStorageEngine.class);
    }

    private static long snapshotsOf(String customer) {
        return vault.superuserJdbc().queryForObject(
                "SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?", Long.class, customer);
    }

    private static String snapshotId(String customer) {
        return vault.superuserJdbc().queryForObject(
                "SELECT eventidentifier FROM snapshotevententry WHERE aggregateidentifier = ?", String.class, customer);
    }

    private static String snapshotIdOrNull(String customer) {
        List<String> ids = vault.superuserJdbc().queryForList(
                "SELECT eventidentifier FROM snapshotevententry WHERE aggregateidentifier = ?", String.class, customer);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private static long logLinesAbout(String snapshotId) {
        return logText().lines().filter(line -> line.contains("snapshot " + snapshotId + " ")).count();
    }

    private static String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
