package org.customervault.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.customervault.infra.keys.OpenBaoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customers erased while a bulk rebuild writes a chunk that holds their rows: the chunk asked the
 * key store before the erasure and is held, mid-write, until the erasure has destroyed the key and
 * reached its purge of the read models; and the next chunk, made ready (its customers asked about)
 * before the erasure and written after the purge. When the erasure's {@code DELETE} returns, while the last
 * chunk's write is held (so the processors, which would purge the customer again at the erasure's
 * events, have not started), and after the rebuild has ended, none of the customer's rows, search
 * tokens or timeline entries is in the read models, with the local store and OpenBao in both modes
 * of data keys (in mode kv the OpenBao store writes no fence in PostgreSQL).
 */
class BulkRebuildErasureTest {

    private static final int CUSTOMERS = 40;
    /** Several chunks: the one holding the erased customer, and more after it. */
    private static final int CHUNK_EVENTS = 10;
    /** The erasure's purge, waiting for the chunk's write to end. */
    private static final String PURGE_WAITING = """
            SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'""";

    @TempDir
    Path root;

    @Test
    void withTheLocalKeyStoreAnErasedCustomersRowsAreGoneWhenDeleteReturns() throws Exception {
        try (RunningVault vault = RunningVault.start(root.resolve("data"),
                Map.of("vault.rebuild.chunk-events", CHUNK_EVENTS))) {
            eraseDuringAChunksWrite(vault);
        }
    }

    /** In both modes of data keys: Transit (fences in PostgreSQL and OpenBao) and KV (in OpenBao alone). */
    @ParameterizedTest
    @ValueSource(strings = {"transit", "kv"})
    void withOpenBaoAnErasedCustomersRowsAreGoneWhenDeleteReturns(String dataKeys) throws Exception {
        try (OpenBaoServer openBao = OpenBaoServer.startOwn(root.resolve("openbao"))) {
            Map<String, Object> settings = new HashMap<>(openBao.vaultProperties());
            settings.put("vault.rebuild.chunk-events", CHUNK_EVENTS);
            settings.put("vault.keys.vault.data-keys", dataKeys);
            try (RunningVault vault = RunningVault.start(root.resolve("data"), settings)) {
                eraseDuringAChunksWrite(vault);
            }
        }
    }

    private static void eraseDuringAChunksWrite(RunningVault vault) throws Exception {
        List<CustomerId> customers = Seeder.register(vault, CUSTOMERS, (id, n) -> new RegisterCustomerCommand(id,
                "Cliente Número " + n, "cliente" + n + "@example.com", "+5491100" + n, null, null, null, null));
        vault.awaitReadModels();
        assertThat(customers).hasSize(CUSTOMERS);
        // the customers of the store's first event, in the first chunk, of its first event after the
        // first chunk, in the second, and of its last, in the last chunk
        CustomerId erased = HeldChunkWrites.customerOfEvent(vault, 0);
        CustomerId erasedBeforeItsChunksWrite = HeldChunkWrites.customerOfEvent(vault, CHUNK_EVENTS);
        assertThat(erasedBeforeItsChunksWrite).isNotEqualTo(erased);
        assertThat(HeldChunkWrites.customerOfLastEvent(vault)).isNotIn(erased, erasedBeforeItsChunksWrite);

        CompletableFuture<RunningVault.Response> deleted;
        CompletableFuture<RunningVault.Response> deletedBefore;
        try (HeldChunkWrites held = HeldChunkWrites.start(vault)) {
            // the second chunk is folded and made ready (its customers asked about) while the first is held
            deleted = CompletableFuture.supplyAsync(() ->
                    vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + erased.value(), null, null));
            deletedBefore = CompletableFuture.supplyAsync(() -> vault.send(COMPLIANCE, "DELETE",
                    "/api/v1/customers/" + erasedBeforeItsChunksWrite.value(), null, null));
            // each erasure destroys the key, then its purge waits for the write (were there no lock, DELETE would return)
            await("the erasures at their purge").atMost(Duration.ofMinutes(1))
                    .until(() -> deleted.isDone() && deletedBefore.isDone() || held.waiting(PURGE_WAITING) >= 2);
            held.releaseFirstChunk();

            for (CompletableFuture<RunningVault.Response> erasure : List.of(deleted, deletedBefore)) {
                RunningVault.Response answer = erasure.get(1, TimeUnit.MINUTES);
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            }
            assertThat(vault.bean(BulkReplay.class).running()).as("the bulk replay still under way").isTrue();
            assertGone(vault, erased, "when DELETE returns");
            // its chunk asked before the erasure and was written after its purge: it asks again under the lock
            assertGone(vault, erasedBeforeItsChunksWrite, "when DELETE returns, its chunk written after the purge");
            held.releaseLastChunk();
        }

        HeldChunkWrites.awaitEnded(vault);
        assertGone(vault, erased, "after the rebuild");
        assertGone(vault, erasedBeforeItsChunksWrite, "after the rebuild");
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM customer_view", Long.class))
                .as("the others rebuilt").isEqualTo(CUSTOMERS - 2);
    }

    private static void assertGone(RunningVault vault, CustomerId erased, String when) {
        for (String table : List.of("customer_view", "customer_search", "customer_timeline")) {
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM " + table + " WHERE customer_id = ?::uuid",
                    Long.class, erased.value())).as(table + " of the erased customer " + when).isZero();
        }
    }
}
