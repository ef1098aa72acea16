package org.customervault.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.FieldUpdate;
import org.customervault.domain.customer.api.RecordInteractionCommand;
import org.customervault.domain.customer.api.RecordPurchaseCommand;
import org.customervault.domain.customer.api.RectifyCustomerCommand;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.customervault.domain.customer.Channel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * The bulk rebuild on a real store: the rows it writes against those the processors write event by
 * event, and writes and erasures that arrive while it runs (none lost, none applied twice, no
 * erased customer back).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BulkRebuildTest {

    private static final int CUSTOMERS = 2_000;
    private static final Authentication ADMIN =
            UsernamePasswordAuthenticationToken.authenticated(RunningVault.ADMIN, null, List.of());
    /** Every read model table; ciphertexts differ at each write (fresh nonces), so they are compared by presence. */
    private static final List<String> TABLES = List.of("""
            SELECT customer_id, version, status, created_at, updated_at, last_activity_at, legal_hold,
                email IS NULL, phone IS NULL FROM customer_view ORDER BY customer_id""",
            "SELECT * FROM customer_purchase_total ORDER BY customer_id, currency",
            "SELECT customer_id, interaction_id, channel, occurred_at FROM customer_interaction ORDER BY customer_id, interaction_id",
            "SELECT customer_id, kind, encode(token, 'hex'), key_version FROM customer_search ORDER BY customer_id, kind, token",
            """
            SELECT customer_id, sequence, kind, occurred_at, recorded_at, actor, details::text, personal IS NULL
            FROM customer_timeline ORDER BY customer_id, sequence""");

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private static List<CustomerId> customers;

    @BeforeAll
    static void start() throws Exception {
        // small chunks: many transactions, and time for writes to arrive between them
        vault = RunningVault.start(dataDir, Map.of("vault.rebuild.chunk-events", 150));
        customers = Seeder.register(vault, CUSTOMERS, (id, n) -> new RegisterCustomerCommand(id, "Cliente Número " + n,
                "cliente" + n + "@example.com", "+5491100" + n, null, null, null, null));
        CommandGateway commands = vault.bean(CommandGateway.class);
        for (int n = 0; n < 200; n++) {
            CustomerId id = customers.get(n);
            commands.sendAndWait(new RectifyCustomerCommand(id, FieldUpdate.to("Cliente Cambiado " + n), null,
                    FieldUpdate.to("+5492200" + n), null, null, null,
                    null, null));
            commands.sendAndWait(purchase(id, "0.50", "EUR"));
            commands.sendAndWait(new RecordInteractionCommand(id, "i-" + n, Channel.EMAIL, "Escribió", Instant.now(), null));
        }
        vault.awaitReadModels();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static RecordPurchaseCommand purchase(CustomerId id, String amount, String currency) {
        String purchase = UUID.randomUUID().toString();
        return new RecordPurchaseCommand(id, purchase, "A-" + purchase, new BigDecimal(amount), currency,
                Instant.parse("2026-11-01T10:00:00Z"), null);
    }

    private static List<List<Map<String, Object>>> tables() {
        return TABLES.stream().map(sql -> vault.jdbc().queryForList(sql)).toList();
    }

    private static void rebuild(ProjectionRebuild.Replay replay) {
        List<ProcessorProgress> ended = vault.bean(ProjectionRebuild.class).rebuild(ADMIN, replay, Duration.ofMinutes(2));
        assertThat(ended).noneMatch(ProcessorProgress::replaying);
        awaitCaughtUp();
    }

    private static void awaitCaughtUp() {
        await().atMost(Duration.ofMinutes(2)).until(() -> vault.bean(ProjectionProgress.class).processors().stream()
                .allMatch(p -> p.status() == ProcessorProgress.Status.CAUGHT_UP));
    }

    @Test
    @Order(1)
    void aBulkRebuildWritesTheRowsAReplayEventByEventWrites() {
        rebuild(ProjectionRebuild.Replay.EVENT_BY_EVENT);
        List<List<Map<String, Object>>> eventByEvent = tables();
        assertThat(eventByEvent.get(0)).hasSize(CUSTOMERS);

        rebuild(ProjectionRebuild.Replay.BULK);

        assertThat(tables()).isEqualTo(eventByEvent);
        assertThat(vault.get(RunningVault.AGENT, "/api/v1/customers/" + customers.get(7).value()).json()
                .get("fullName").asText()).isEqualTo("Cliente Cambiado 7");
    }

    @Test
    @Order(2)
    void writesAndAnErasureArrivingDuringABulkRebuildAreNeitherLostNorAppliedTwice() {
        CommandGateway commands = vault.bean(CommandGateway.class);
        BulkReplay bulk = vault.bean(BulkReplay.class);
        CustomerId erased = customers.get(CUSTOMERS - 1);
        vault.bean(ProjectionRebuild.class).start(ADMIN, ProjectionRebuild.Replay.BULK);
        int sent = 0;
        int sentWhileRunning = 0;
        boolean erasedWhileRunning = false;
        while (bulk.running() || sent < 100) {
            boolean running = bulk.running();
            commands.sendAndWait(purchase(customers.get(sent % 100), "1.00", "USD"));
            sent++;
            if (running) {
                sentWhileRunning++;
            }
            if (running && !erasedWhileRunning && sent == 5) {
                assertThat(vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + erased.value(), null, null).status())
                        .isEqualTo(200);
                erasedWhileRunning = true;
            }
        }
        assertThat(sentWhileRunning).as("purchases stored while the bulk replay ran").isGreaterThan(5);
        assertThat(erasedWhileRunning).isTrue();
        awaitCaughtUp();

        Map<String, Long> stored = new HashMap<>();
        vault.jdbc().query("""
                SELECT aggregateidentifier, count(*) FROM domainevententry
                WHERE payloadtype LIKE '%PurchaseRecordedEvent' GROUP BY aggregateidentifier""",
                row -> {
                    stored.put(row.getString(1), row.getLong(2));
                });
        for (int n = 0; n < 100; n++) {
            String id = customers.get(n).value();
            Map<String, Object> usd = vault.jdbc().queryForMap("""
                    SELECT purchase_count, total FROM customer_purchase_total WHERE customer_id = ?::uuid AND currency = 'USD'""", id);
            long eur = 1; // each of the first 200 bought once in EUR
            assertThat(((Number) usd.get("purchase_count")).longValue() + eur).as("purchases of " + n).isEqualTo(stored.get(id));
            assertThat((BigDecimal) usd.get("total")).isEqualByComparingTo(
                    BigDecimal.valueOf(stored.get(id) - eur).setScale(2));
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM customer_timeline WHERE customer_id = ?::uuid",
                    Long.class, id)).isEqualTo(vault.jdbc().queryForObject(
                    "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, id));
        }
        for (String table : List.of("customer_view", "customer_search", "customer_timeline")) {
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM " + table + " WHERE customer_id = ?::uuid",
                    Long.class, erased.value())).as(table + " of the customer erased during the rebuild").isZero();
        }
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM customer_view", Long.class)).isEqualTo(CUSTOMERS - 1);
    }
}
