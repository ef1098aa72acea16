package org.customervault.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that arrive while a bulk rebuild runs, as the architecture documents them: stored at once,
 * answered 202 with what was stored by a write that waits for a view the replay has not written yet, 202 with the view as
 * it is once it has, 201 by a write that answers without the view; and every one of them in the read
 * models once the processors, started after the bulk replay, have caught up.
 */
class BulkRebuildWritesTest {

    private static final int CUSTOMERS = 30;

    @TempDir
    Path root;

    @Test
    void writesDuringABulkRebuildAreStoredAndAnsweredAsDocumented() throws Exception {
        try (RunningVault vault = RunningVault.start(root.resolve("data"), Map.of("vault.rebuild.chunk-events", 10,
                "vault.consistency.read-your-writes-timeout", "1s"))) {
            List<CustomerId> customers = Seeder.register(vault, CUSTOMERS, (id, n) -> new RegisterCustomerCommand(id,
                    "Cliente Número " + n, "cliente" + n + "@example.com", null, null, null, null, null));
            vault.awaitReadModels();
            CustomerId inFirstChunk = HeldChunkWrites.customerOfEvent(vault, 0);
            CustomerId inTheLastChunk = HeldChunkWrites.customerOfLastEvent(vault);
            CustomerId notWrittenYet = customers.stream()
                    .filter(id -> !id.equals(inFirstChunk) && !id.equals(inTheLastChunk)).findFirst().orElseThrow();

            try (HeldChunkWrites held = HeldChunkWrites.start(vault)) {
                RunningVault.Response beforeItsRow = vault.patch(AGENT, "/api/v1/customers/" + notWrittenYet.value(),
                        "{\"fullName\": \"Antes De Su Fila\"}");
                assertThat(beforeItsRow.status()).as("no row replayed yet: " + beforeItsRow.body()).isEqualTo(202);
                assertThat(beforeItsRow.json().get("id").asText()).as("no view to show: what was stored")
                        .isEqualTo(notWrittenYet.value());
                assertThat(beforeItsRow.json().get("version").asLong()).isEqualTo(1);
                assertThat(beforeItsRow.json().has("fullName")).isFalse();
                assertThat(beforeItsRow.header("ETag")).isEqualTo("\"1\"");

                held.releaseFirstChunk();
                RunningVault.Response afterItsRow = vault.patch(AGENT, "/api/v1/customers/" + inFirstChunk.value(),
                        "{\"fullName\": \"Después De Su Fila\"}");
                assertThat(afterItsRow.status()).as("its row replayed, the change not yet: " + afterItsRow.body())
                        .isEqualTo(202);
                assertThat(afterItsRow.json().get("fullName").asText()).isNotEqualTo("Después De Su Fila");
                RunningVault.Response interaction = vault.post(AGENT, "/api/v1/customers/" + inFirstChunk.value()
                        + "/interactions", "{\"channel\": \"PHONE\", \"summary\": \"Llamó\", \"occurredAt\": \"2026-11-30T10:00:00Z\"}");
                assertThat(interaction.status()).as(interaction.body()).isEqualTo(201);
                assertThat(vault.bean(BulkReplay.class).running()).as("all of it during the bulk replay").isTrue();
                held.releaseLastChunk();
            }

            HeldChunkWrites.awaitEnded(vault);
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
}
