package org.customervault.api.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read model's handler fails the way an accident in the database makes it fail: for one customer
 * only (a constraint their rows break), for a while. Nothing may be skipped.
 */
class DeadLetterTest {

    private static final Duration PARKED_WITHIN = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;
    private static RunningVault vault;

    @BeforeAll
    static void start() {
        // one segment: the customers who go on share the failing event's segment
        vault = RunningVault.start(dataDir, Map.of("vault.consistency.read-your-writes-timeout", "1s",
                "vault.processors.segments", "1"));
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void aFailingEventIsParkedWithTheCustomersLaterEventsWhileOthersGoOnAndNothingIsMissingOnceItRecovers() {
        String poisoned = register("Ana Envenenada", "ana.before@example.com");
        String other = register("Otro Cliente", "otro@example.com");
        refuseInteractionsOf(poisoned, "refuses_poisoned");

        interaction(poisoned, "primera llamada canario");
        interaction(poisoned, "segunda llamada canario");
        assertThat(vault.patch(AGENT, "/api/v1/customers/" + poisoned, "{\"email\": \"ana.after@example.com\"}").status())
                .isIn(200, 202);
        interaction(other, "llamada del otro");

        await().atMost(PARKED_WITHIN).until(() -> parkedEventsOf(poisoned).size() == 3);
        List<JsonNode> parked = parkedEventsOf(poisoned);
        assertThat(parked).extracting(letter -> letter.get("eventType").asText())
                .containsExactly("InteractionRecordedEvent", "InteractionRecordedEvent", "EmailRectifiedEvent");
        assertThat(parked).extracting(letter -> letter.get("sequenceNumber").asLong()).isSorted();
        assertThat(parked.get(0).get("cause").asText()).isEqualTo("database error, SQL state 23514");
        assertThat(parked.get(1).has("cause")).as("held behind, never tried").isFalse();
        assertThat(vault.get(AGENT, "/api/v1/customers/" + other).json().at("/recentInteractions/0/summary").asText())
                .as("other customers go on").isEqualTo("llamada del otro");
        JsonNode stillBehind = vault.get(AGENT, "/api/v1/customers/" + poisoned).json();
        assertThat(stillBehind.get("email").asText()).isEqualTo("ana.before@example.com");
        JsonNode health = vault.get(ADMIN, "/actuator/health").json().at("/components/deadLetters");
        assertThat(health.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.at("/details/customer-view").asLong()).isEqualTo(3);
        assertThat(vault.get(ADMIN, "/actuator/prometheus").body())
                .contains("vault_processor_dead_letters{application=\"customer-vault\",processor=\"customer-view\"} 3.0");
        assertThat(parkedPayloads()).as("parked events keep their ciphertext").doesNotContain("canario", "ana.after");

        vault.jdbc().execute("ALTER TABLE customer_interaction DROP CONSTRAINT refuses_poisoned");

        await().atMost(PARKED_WITHIN).until(() -> vault.get(ADMIN, "/api/v1/admin/dead-letters").json()
                .at("/parked/customer-view").asLong() == 0);
        JsonNode healed = vault.get(AGENT, "/api/v1/customers/" + poisoned).json();
        assertThat(healed.get("email").asText()).isEqualTo("ana.after@example.com");
        assertThat(healed.get("recentInteractions")).extracting(interaction -> interaction.get("summary").asText())
                .containsExactlyInAnyOrder("primera llamada canario", "segunda llamada canario");
        assertThat(search("ana.after@example.com")).containsExactly(poisoned);
        assertThat(search("ana.before@example.com")).as("not searchable under the old value").isEmpty();
        assertThat(vault.get(ADMIN, "/actuator/health").json().at("/components/deadLetters/status").asText()).isEqualTo("UP");
    }

    @Test
    void onlyAnAdminSeesOrRetriesAndAnErasurePurgesAParkedCustomer() {
        String erased = register("Zoe Aparcada", "zoe@example.com");
        refuseInteractionsOf(erased, "refuses_erased");
        try {
            interaction(erased, "llamada aparcada");
            await().atMost(PARKED_WITHIN).until(() -> parkedEventsOf(erased).size() == 1);

            assertThat(vault.get(AGENT, "/api/v1/admin/dead-letters").status()).isEqualTo(403);
            assertThat(vault.post(COMPLIANCE, "/api/v1/admin/dead-letters/retry", "{}").status()).isEqualTo(403);
            RunningVault.Response retried = vault.post(ADMIN, "/api/v1/admin/dead-letters/retry", "{}");
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.json().at("/parkedAfter/customer-view").asLong()).as("still failing, still parked").isPositive();
            assertThat(parkedEventsOf(erased).get(0).get("retries").asLong()).isPositive();

            JsonNode certificate = vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + erased, null, null).json();
            assertThat(certificate.get("purged").toString()).contains("dead-letters");
            // the erasure's own events may be parked behind the letter it purged: the retry rounds sweep them
            await().atMost(PARKED_WITHIN).until(() -> parkedEventsOf(erased).isEmpty());
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM customer_view WHERE customer_id = ?::uuid",
                    Long.class, erased)).isZero();
        } finally {
            vault.jdbc().execute("ALTER TABLE customer_interaction DROP CONSTRAINT IF EXISTS refuses_erased");
        }
    }

    /** The timeline writes a batch's rows when the batch commits, outside any one event's handler. */
    @Test
    void aTimelineRowThatBreaksItsBatchIsParkedWithItsEventWhileOthersGoOn() {
        String broken = register("Tomas Linea", "tomas@example.com");
        String fine = register("Fina Linea", "fina@example.com");
        vault.jdbc().execute("ALTER TABLE customer_timeline ADD CONSTRAINT refuses_broken CHECK (customer_id <> '"
                + broken + "'::uuid) NOT VALID");
        try {
            interaction(broken, "linea rota");
            interaction(fine, "linea sana");

            await().atMost(PARKED_WITHIN).until(() -> parkedEventsOf(broken, "customer-timeline").size() == 1);
            await().atMost(PARKED_WITHIN).until(() -> timelineEntries(fine) == 2);
            assertThat(timelineEntries(broken)).isEqualTo(1);
        } finally {
            vault.jdbc().execute("ALTER TABLE customer_timeline DROP CONSTRAINT IF EXISTS refuses_broken");
        }
        await().atMost(PARKED_WITHIN).until(() -> parkedEventsOf(broken, "customer-timeline").isEmpty());
        assertThat(timelineEntries(broken)).as("nothing missing once it recovers").isEqualTo(2);
    }

    private static void refuseInteractionsOf(String customer, String constraint) {
        // the vault's role owns its tables, as it would to migrate them
        vault.jdbc().execute("ALTER TABLE customer_interaction ADD CONSTRAINT " + constraint
                + " CHECK (customer_id <> '" + customer + "'::uuid)");
    }

    private static String register(String name, String email) {
        return vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"" + name + "\", \"email\": \"" + email + "\"}")
                .json().get("id").asText();
    }

    private static void interaction(String customer, String summary) {
        assertThat(vault.post(AGENT, "/api/v1/customers/" + customer + "/interactions",
                "{\"channel\": \"PHONE\", \"summary\": \"" + summary + "\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}")
                .status()).isEqualTo(201);
    }

    private static List<JsonNode> parkedEventsOf(String customer) {
        return parkedEventsOf(customer, "customer-view");
    }

    private static List<JsonNode> parkedEventsOf(String customer, String processor) {
        JsonNode events = vault.get(ADMIN, "/api/v1/admin/dead-letters").json().get("events");
        return StreamSupport.stream(events.spliterator(), false)
                .filter(event -> customer.equals(event.get("customerId").asText()))
                .filter(event -> event.get("processor").asText().equals(processor))
                .toList();
    }

    private static int timelineEntries(String customer) {
        return vault.get(AGENT, "/api/v1/customers/" + customer + "/timeline").json().get("items").size();
    }

    private static List<String> search(String email) {
        return StreamSupport.stream(vault.get(AGENT, "/api/v1/customers?q=" + email).json().get("items").spliterator(), false)
                .map(item -> item.get("id").asText()).toList();
    }

    private static String parkedPayloads() {
        return String.join("\n", vault.jdbc().queryForList("SELECT payload FROM deadletterentry", byte[].class).stream()
                .map(payload -> new String(payload, StandardCharsets.UTF_8)).toList());
    }
}
