package org.customervault.projections.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.customervault.domain.customer.api.CustomerListSort;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.CustomerSummaryPage;
import org.customervault.domain.customer.api.EmailRectifiedEvent;
import org.customervault.domain.customer.api.FetchCustomerSummariesQuery;
import org.customervault.domain.customer.api.SearchKind;
import org.customervault.projections.ProjectionDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Search tokens across a switch of blind-index key versions, handlers and re-index called directly:
 * a write made with a key no longer current changes nothing and is made again with the new one, the
 * re-index leaves every token under the current key, and a change racing a batch for a customer's
 * row ends searchable by its newest value, whichever takes the row's lock first.
 */
class CustomerSearchReindexTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    static Path directory;
    private static ProjectionDatabase database;
    private static CustomerViewProjection projection;
    private static CustomerViewQueries queries;
    private static ExecutorService opening;
    private static TransactionTemplate transaction;
    private static int current = 1;

    @BeforeAll
    static void start() throws Exception {
        database = new ProjectionDatabase(directory);
        projection = new CustomerViewProjection(database.jdbc(), database.cipher(), database.keys());
        queries = new CustomerViewQueries(database.jdbc(), database.cipher(), database.keys());
        opening = Executors.newFixedThreadPool(2);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(database.jdbc().getDataSource()));
    }

    @AfterAll
    static void stop() {
        opening.shutdown();
        database.close();
    }

    @BeforeEach
    void emptyView() {
        projection.reset();
    }

    @Test
    void aWriteWithAKeyNoLongerCurrentChangesNothingAndIsMadeAgainWithTheNewOne() {
        CustomerId id = register("Rosa Cambio", "rosa@example.com");
        switchToNextVersion();

        projection.on(new EmailRectifiedEvent(id, "rosa.nueva@example.com"), 1, T0);

        assertThat(versionsOf(id, "email")).containsExactly(current);
        assertThat(versionsOf(id, "name-word")).as("not re-indexed yet").containsExactly(current - 1);
        assertThat(found("rosa.nueva@example.com")).containsExactly(id);
        assertThat(found("rosa@example.com")).isEmpty();
        assertThat(found("Rosa Cambio")).as("the retiring key is searched too").containsExactly(id);
    }

    @Test
    void theReindexLeavesEveryTokenUnderTheCurrentKey() {
        List<CustomerId> ids = List.of(register("Ana Uno", "ana@example.com"), register("Beto Dos", "beto@example.com"),
                register("Carla Tres", "carla@example.com"));
        switchToNextVersion();
        CustomerSearchReindex reindex = new CustomerSearchReindex(database.jdbc(), database.cipher(), database.keys(), opening);

        UUID after = null;
        for (int batch = 0; batch < 3; batch++) {
            UUID from = after;
            after = transaction.execute(status -> reindex.reindexAfter(from, 2)).last();
        }

        assertThat(reindex.stale(10)).isEmpty();
        assertThat(database.jdbc().queryForList("SELECT DISTINCT key_version FROM customer_search", Integer.class))
                .containsExactly(current);
        assertThat(found("beto@example.com")).containsExactly(ids.get(1));
        assertThat(found("+5491112345678")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(found("carla tres")).containsExactly(ids.get(2));
    }

    /**
     * Halfway through a re-index, some customers' words are under the retiring key and some under the
     * current one: the intersection in the index finds each of them once, counted exactly, page after
     * page, as the walk does; an erased customer is found under neither.
     */
    @Test
    void aSearchHalfwayThroughAReindexFindsTheCustomersOfBothVersionsOnce() {
        List<CustomerId> before = List.of(register("Irene Duarte Salas", "irene1@example.com"),
                register("Irene Duarte Salas", "irene2@example.com"), register("Irene Duarte Salas", "irene3@example.com"),
                register("Irene Duarte Mora", "irene4@example.com"));
        switchToNextVersion();
        List<CustomerId> after = List.of(register("Irene Duarte Salas", "irene5@example.com"),
                register("Irene Salas", "irene6@example.com"));
        CustomerSearchReindex reindex = new CustomerSearchReindex(database.jdbc(), database.cipher(), database.keys(), opening);
        transaction.execute(status -> reindex.reindexAfter(null, 2));
        assertThat(database.jdbc().queryForList("SELECT DISTINCT key_version FROM customer_search WHERE kind = 'name-word'",
                Integer.class)).as("halfway").containsExactlyInAnyOrder(current - 1, current);
        projection.on(new CustomerErasedEvent(before.get(1), List.of()));

        List<CustomerId> expected = List.of(before.get(0), before.get(2), after.get(0));
        CustomerViewQueries walking = new CustomerViewQueries(database.jdbc(), database.cipher(), database.keys(),
                new CustomerListing.Limits(1_000, 0, 200, 2_000, 40_000));
        for (String q : List.of("Salas Duarte Irene", "duarte salas")) {
            assertThat(pagedByTwo(queries, q)).as(q + " intersected").containsExactlyInAnyOrderElementsOf(expected);
            assertThat(pagedByTwo(walking, q)).as(q + " walked").containsExactlyInAnyOrderElementsOf(expected);
            CustomerSummaryPage first = queries.handle(FetchCustomerSummariesQuery.search(q, SearchKind.of(q), 2));
            assertThat(first.total()).as(q).isEqualTo(3);
            assertThat(first.totalIsLowerBound()).as(q).isFalse();
        }
        assertThat(found("irene4@example.com")).containsExactly(before.get(3));
        assertThat(found("Mora Salas")).isEmpty();
    }

    /** Every page of two by cursor; a customer twice would show as a duplicate. */
    private static List<CustomerId> pagedByTwo(CustomerViewQueries reads, String q) {
        List<CustomerId> seen = new ArrayList<>();
        FetchCustomerSummariesQuery.Position position = null;
        do {
            CustomerSummaryPage page = reads.handle(new FetchCustomerSummariesQuery(q, SearchKind.of(q), null, null,
                    CustomerListSort.LAST_ACTIVITY_NEWEST, position, 0, 2, null, false));
            page.items().forEach(summary -> seen.add(summary.id()));
            position = page.next();
        } while (position != null);
        return seen;
    }

    /** The batch locks the row first: the change waits, then replaces the email's tokens under the current key. */
    @Test
    void aChangeThatWaitsForABatchIsSearchableByItsNewValue() throws Exception {
        CustomerId id = register("Dora Espera", "dora@example.com");
        switchToNextVersion();
        CustomerSearchReindex reindex = new CustomerSearchReindex(database.jdbc(), database.cipher(), database.keys(), opening);
        CountDownLatch batchHoldsTheRow = new CountDownLatch(1);
        CountDownLatch changeSent = new CountDownLatch(1);

        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            reindex.reindexAfter(null, 10);
            batchHoldsTheRow.countDown();
            await(changeSent);
        }));
        batchHoldsTheRow.await(10, TimeUnit.SECONDS);
        CompletableFuture<Void> change = CompletableFuture.runAsync(
                () -> projection.on(new EmailRectifiedEvent(id, "dora.nueva@example.com"), 1, T0));
        Awaitility.await("the change waits for the batch's lock on the row").during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5)).until(() -> !change.isDone());
        changeSent.countDown();
        batch.get(10, TimeUnit.SECONDS);
        change.get(10, TimeUnit.SECONDS);

        assertThat(found("dora.nueva@example.com")).containsExactly(id);
        assertThat(found("dora@example.com")).isEmpty();
        assertThat(database.jdbc().queryForList("SELECT DISTINCT key_version FROM customer_search", Integer.class))
                .containsExactly(current);
    }

    /** The change holds the row first: the batch waits, then reads the new value, never the old one. */
    @Test
    void aBatchThatWaitsForAChangeReadsTheNewValue() throws Exception {
        CustomerId id = register("Eva Antes", "eva@example.com");
        switchToNextVersion();
        CustomerSearchReindex reindex = new CustomerSearchReindex(database.jdbc(), database.cipher(), database.keys(), opening);
        CountDownLatch changeHoldsTheRow = new CountDownLatch(1);
        CountDownLatch batchSent = new CountDownLatch(1);

        CompletableFuture<Void> change = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            projection.on(new EmailRectifiedEvent(id, "eva.nueva@example.com"), 1, T0);
            changeHoldsTheRow.countDown();
            await(batchSent);
        }));
        changeHoldsTheRow.await(10, TimeUnit.SECONDS);
        CompletableFuture<CustomerSearchReindex.Batch> batch = CompletableFuture.supplyAsync(
                () -> transaction.execute(status -> reindex.reindexAfter(null, 10)));
        Awaitility.await("the batch waits for the change's lock on the row").during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5)).until(() -> !batch.isDone());
        batchSent.countDown();
        change.get(10, TimeUnit.SECONDS);
        assertThat(batch.get(10, TimeUnit.SECONDS).customers()).isEqualTo(1);

        assertThat(found("eva.nueva@example.com")).containsExactly(id);
        assertThat(found("eva@example.com")).isEmpty();
    }

    private static CustomerId register(String name, String email) {
        CustomerId id = CustomerId.newId();
        projection.on(new CustomerRegisteredEvent(id, name, email, "+5491112345678", null, null, null, null), 0, T0);
        return id;
    }

    /** What a rotation does before it re-indexes: the next key made, then current in the database. */
    /**
     * A node that holds two versions while a rotation re-indexes drops the retired one at its next
     * write, although retiring changes no current version and the node never searches.
     */
    @Test
    void aNodeThatOnlyWritesDropsARetiredKeyAtItsNextWrite() {
        switchToNextVersion();
        BlindIndexKeys otherNode = new BlindIndexKeys(database.jdbc(), database.keyStore());
        CustomerViewProjection otherProjection = new CustomerViewProjection(database.jdbc(), database.cipher(), otherNode);
        assertThat(otherNode.held()).containsExactly(current, current - 1);

        database.jdbc().update("UPDATE blind_index_key SET state = 'DESTROYED' WHERE state = 'RETIRING'");
        assertThat(otherNode.held()).as("nothing read yet").containsExactly(current, current - 1);
        otherProjection.on(new CustomerRegisteredEvent(CustomerId.newId(), "Ana Escribe", "ana.escribe@example.com",
                null, null, null, null, null), 0, T0);

        assertThat(otherNode.held()).as("the retired key left with the write").containsExactly(current);
    }

    private static void switchToNextVersion() {
        int next = current + 1;
        assertThat(database.keyStore().blindIndexKey(next)).isPresent();
        transaction.executeWithoutResult(status -> {
            database.jdbc().execute("LOCK TABLE blind_index_key IN EXCLUSIVE MODE");
            database.jdbc().update("UPDATE blind_index_key SET state = 'DESTROYED' WHERE state = 'RETIRING'");
            database.jdbc().update("UPDATE blind_index_key SET state = 'RETIRING' WHERE state = 'CURRENT'");
            database.jdbc().update("INSERT INTO blind_index_key (version, state) VALUES (?, 'CURRENT')", next);
        });
        current = next;
    }

    private static List<Integer> versionsOf(CustomerId id, String kind) {
        return database.jdbc().queryForList("SELECT DISTINCT key_version FROM customer_search WHERE customer_id = ?::uuid AND kind = ?",
                Integer.class, id.value(), kind);
    }

    private static List<CustomerId> found(String q) {
        CustomerSummaryPage page = queries.handle(FetchCustomerSummariesQuery.search(q, SearchKind.of(q), 50));
        return page.items().stream().map(CustomerSummaryPage.Summary::id).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
