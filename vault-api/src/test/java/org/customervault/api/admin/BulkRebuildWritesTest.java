package org.customervault.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.AGENT;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Writes that arrive while a bulk rebuild runs, as the architecture documents them: stored at once,
 * answered 404 by a write that waits for a view the replay has not written yet, 202 with the view as
 * it is once it has, 201 by a write that answers without the view; and every one of them in the read
 * models once the processors, started after the bulk replay, have caught up.
 */
class BulkRebuildWritesTest {

    private static final int CUSTOMERS = 30;
    private static final Authentication ADMIN =
            UsernamePasswordAuthenticationToken.authenticated(RunningVault.ADMIN, null, List.of());
    /** The first chunk's write, waiting to lock the blind-index key its search tokens were made with. */
    private static final String FIRST_WRITE_HELD = """
            SELECT count(*) FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE '%FROM blind_index_key%FOR KEY SHARE%'""";
    /** The last chunk's write, waiting on the test's uncommitted row of one of its customers. */
    private static final String LAST_WRITE_HELD = """
            SELECT count(*) FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO customer_view%'""";
    /** Not a customer's data: it is never committed. */
    private static final String PLACEHOLDER_ROW = """
            INSERT INTO customer_view (customer_id, version, status, full_name, created_at, updated_at, last_activity_at)
            VALUES (?, 0, 'ACTIVE', 'placeholder', now(), now(), now())""";

    @TempDir
    Path root;

    @Test
    void writesDuringABulkRebuildAreStoredAndAnsweredAsDocumented() throws Exception {
        try (RunningVault vault = RunningVault.start(root.resolve("data"), Map.of("vault.rebuild.chunk-events", 10,
                "vault.consistency.read-your-writes-timeout", "1s"))) {
            List<CustomerId> customers = Seeder.register(vault, CUSTOMERS, (id, n) -> new RegisterCustomerCommand(id,
                    "Cliente Número " + n, "cliente" + n + "@example.com", null, null, null, null, null));
            vault.awaitReadModels();
            CustomerId inFirstChunk = CustomerId.of(vault.jdbc().queryForObject(
                    "SELECT aggregateidentifier FROM domainevententry ORDER BY globalindex LIMIT 1", String.class));
            CustomerId inTheLastChunk = CustomerId.of(vault.jdbc().queryForObject(
                    "SELECT aggregateidentifier FROM domainevententry ORDER BY globalindex DESC LIMIT 1", String.class));
            CustomerId notWrittenYet = customers.stream()
                    .filter(id -> !id.equals(inFirstChunk) && !id.equals(inTheLastChunk)).findFirst().orElseThrow();
            JdbcTemplate operator = vault.superuserJdbc();

            try (Connection firstChunk = operator.getDataSource().getConnection();
                 Connection lastChunk = operator.getDataSource().getConnection()) {
                firstChunk.setAutoCommit(false);
                lastChunk.setAutoCommit(false);
                holdBlindIndexKeys(firstChunk);
                vault.bean(ProjectionRebuild.class).start(ADMIN, ProjectionRebuild.Replay.BULK);
                await("the first chunk's write held").atMost(Duration.ofMinutes(1))
                        .until(() -> operator.queryForObject(FIRST_WRITE_HELD, Long.class) > 0);
                try (PreparedStatement statement = lastChunk.prepareStatement(PLACEHOLDER_ROW)) {
                    statement.setObject(1, inTheLastChunk.uuid());
                    statement.executeUpdate();
                }

                RunningVault.Response beforeItsRow = vault.patch(AGENT, "/api/v1/customers/" + notWrittenYet.value(),
                        "{\"fullName\": \"Antes De Su Fila\"}");
                assertThat(beforeItsRow.status()).as("no row replayed yet: " + beforeItsRow.body()).isEqualTo(404);

                firstChunk.rollback();
                await("the first chunk written, the last one held").atMost(Duration.ofMinutes(1))
                        .until(() -> operator.queryForObject(LAST_WRITE_HELD, Long.class) > 0);
                RunningVault.Response afterItsRow = vault.patch(AGENT, "/api/v1/customers/" + inFirstChunk.value(),
                        "{\"fullName\": \"Después De Su Fila\"}");
                assertThat(afterItsRow.status()).as("its row replayed, the change not yet: " + afterItsRow.body())
                        .isEqualTo(202);
                assertThat(afterItsRow.json().get("fullName").asText()).isNotEqualTo("Después De Su Fila");
                RunningVault.Response interaction = vault.post(AGENT, "/api/v1/customers/" + inFirstChunk.value()
                        + "/interactions", "{\"channel\": \"PHONE\", \"summary\": \"Llamó\", \"occurredAt\": \"2026-11-30T10:00:00Z\"}");
                assertThat(interaction.status()).as(interaction.body()).isEqualTo(201);
                assertThat(vault.bean(BulkReplay.class).running()).as("all of it during the bulk replay").isTrue();
                lastChunk.rollback();
            }

            await("the rebuild ended").atMost(Duration.ofMinutes(2)).until(() -> !vault.bean(BulkReplay.class).running()
                    && vault.bean(ProjectionProgress.class).processors().stream()
                            .allMatch(p -> p.status() == ProcessorProgress.Status.CAUGHT_UP));
            vault.awaitReadModels();
            assertThat(vault.get(AGENT, "/api/v1/customers/" + notWrittenYet.value()).json().get("fullName").asText())
                    .isEqualTo("Antes De Su Fila");
            assertThat(vault.get(AGENT, "/api/v1/customers/" + inFirstChunk.value()).json().get("fullName").asText())
                    .isEqualTo("Después De Su Fila");
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM customer_interaction WHERE customer_id = ?::uuid",
                    Long.class, inFirstChunk.value())).isEqualTo(1);
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM customer_view", Long.class)).isEqualTo(CUSTOMERS);
        }
    }

    /** Every row, so that the first chunk's write stops at its search tokens. */
    private static void holdBlindIndexKeys(Connection holder) throws Exception {
        try (Statement statement = holder.createStatement()) {
            statement.execute("SELECT version FROM blind_index_key FOR UPDATE");
        }
    }
}
