package org.customervault.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.customervault.api.support.HeldReplay;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read models' rebuild followed while it runs: a replay held back, the way a slow disk or a long
 * lock would, is seen replaying with its progress; a second rebuild meanwhile is refused and resets nothing.
 */
class ProjectionRebuildTest {

    private static final int CUSTOMERS = 3_000;

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private static List<CustomerId> customers;

    @BeforeAll
    static void start() throws Exception {
        // chunks of the bulk replay small enough that its progress shows before the held end
        vault = RunningVault.start(dataDir, Map.of("vault.rebuild.chunk-events", 300));
        customers = Seeder.register(vault, CUSTOMERS, (id, n) -> new RegisterCustomerCommand(id, "Cliente Número " + n,
                "cliente" + n + "@example.com", null, null, null, null, null));
        vault.awaitReadModels();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void everyReadModelIsCaughtUpAndOnlyAnAdminSeesWhereTheyStand() {
        JsonNode processors = vault.get(ADMIN, "/api/v1/admin/projections").json().get("processors");

        assertThat(processors).extracting(p -> p.get("name").asText()).containsExactly("customer-view", "customer-timeline");
        for (JsonNode processor : processors) {
            assertThat(processor.get("status").asText()).isEqualTo("CAUGHT_UP");
            assertThat(processor.get("caughtUp").asBoolean()).isTrue();
            assertThat(processor.get("position").asLong()).isEqualTo(processor.get("head").asLong());
            assertThat(processor.get("replayed").asDouble()).isEqualTo(1.0);
            assertThat(processor.get("running").asBoolean()).isTrue();
        }
        assertThat(vault.get(AGENT, "/api/v1/admin/projections").status()).isEqualTo(403);
        assertThat(vault.get(COMPLIANCE, "/api/v1/admin/projections").status()).isEqualTo(403);
    }

    @Test
    void aReplayHeldBackShowsItsProgressAndASecondRebuildMeanwhileIsRefused() throws Exception {
        String last = customers.stream().map(CustomerId::value).reduce((first, second) -> second).orElseThrow();
        long lastStored = vault.jdbc().queryForObject(
                "SELECT max(globalindex) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, last);
        try (HeldReplay held = HeldReplay.start(vault)) {
            JsonNode view = await().atMost(Duration.ofSeconds(60)).until(() -> processor("customer-view"),
                    p -> p.get("position").isNumber() && p.get("position").asLong() > 0);
            assertThat(view.get("status").asText()).isEqualTo("REPLAYING");
            assertThat(view.get("caughtUp").asBoolean()).isFalse();
            assertThat(view.get("replayEndsAt").asLong()).isGreaterThanOrEqualTo(lastStored);
            assertThat(view.get("replayed").asDouble()).isGreaterThan(0).isLessThan(1);
            assertThat(view.get("running").asBoolean()).as("its node holds the claim while it waits").isTrue();
            long replayedRows = vault.jdbc().queryForObject("SELECT count(*) FROM customer_view", Long.class);

            Response again = vault.post(ADMIN, "/api/v1/admin/projections/rebuild", null);

            assertThat(again.status()).as(again.body()).isEqualTo(409);
            assertThat(again.contentType()).startsWith("application/problem+json");
            assertThat(again.json().get("detail").asText()).contains("under way");
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM customer_view", Long.class))
                    .as("the refused rebuild emptied nothing").isGreaterThanOrEqualTo(replayedRows);
            assertThat(processor("customer-view").get("status").asText()).isEqualTo("REPLAYING");
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> processor("customer-view").get("status").asText(),
                "CAUGHT_UP"::equals);
        await().atMost(Duration.ofSeconds(120)).until(() -> processor("customer-timeline").get("status").asText(),
                "CAUGHT_UP"::equals);
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM customer_view", Long.class)).isEqualTo(
                vault.jdbc().queryForObject("SELECT count(DISTINCT aggregateidentifier) FROM domainevententry", Long.class));
        assertThat(vault.get(AGENT, "/api/v1/customers/" + last).json().get("email").asText())
                .isEqualTo("cliente" + (CUSTOMERS - 1) + "@example.com");
    }

    @Test
    void aReadModelBehindThatNoNodeWorksOnIsShownStoppedNotCatchingUp() {
        TrackingEventProcessor view = vault.bean(EventProcessingConfiguration.class)
                .eventProcessor("customer-view", TrackingEventProcessor.class).orElseThrow();
        view.shutDown();
        try {
            vault.bean(CommandGateway.class).sendAndWait(new RegisterCustomerCommand(CustomerId.newId(),
                    "Cliente Tardío", "tardio@example.com", null, null, null, null, null));

            JsonNode stopped = processor("customer-view");
            assertThat(stopped.get("caughtUp").asBoolean()).isFalse();
            assertThat(stopped.get("running").asBoolean()).as("its claims were released when it stopped").isFalse();
            assertThat(processor("customer-timeline").get("running").asBoolean()).isTrue();
        } finally {
            view.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> processor("customer-view"),
                p -> p.get("caughtUp").asBoolean() && p.get("running").asBoolean());
    }

    private static JsonNode processor(String name) {
        for (JsonNode processor : vault.get(ADMIN, "/api/v1/admin/projections").json().get("processors")) {
            if (processor.get("name").asText().equals(name)) {
                return processor;
            }
        }
        throw new AssertionError("no processor " + name);
    }
}
