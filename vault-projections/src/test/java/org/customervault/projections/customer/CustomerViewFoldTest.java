package org.customervault.projections.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.FetchCustomerViewQuery;
import org.customervault.projections.ProjectionDatabase;
import org.customervault.projections.ReplayHistory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk rebuild's fold against the handlers writing event by event: on the same events, the
 * tables must hold the same rows, and what the fold holds of an erased customer must not be written.
 */
class CustomerViewFoldTest {

    /** Every table of the view; ciphertexts (fresh nonces each time) compared through the queries instead. */
    private static final List<String> TABLES = List.of("""
            SELECT customer_id, version, status, created_at, updated_at, last_activity_at, legal_hold,
                full_name IS NULL, email IS NULL, phone IS NULL, national_id IS NULL, birth_date IS NULL, address IS NULL,
                preferences IS NULL
            FROM customer_view ORDER BY customer_id""",
            "SELECT * FROM customer_consent ORDER BY customer_id, purpose",
            "SELECT * FROM customer_objection ORDER BY customer_id, purpose",
            "SELECT * FROM customer_purchase_total ORDER BY customer_id, currency",
            "SELECT customer_id, interaction_id, channel, occurred_at FROM customer_interaction ORDER BY customer_id, interaction_id",
            "SELECT customer_id, kind, encode(token, 'hex'), key_version FROM customer_search ORDER BY customer_id, kind, token");

    @TempDir
    static Path directory;
    private static ProjectionDatabase database;
    private static CustomerViewProjection projection;
    private static CustomerViewQueries queries;

    @BeforeAll
    static void start() throws Exception {
        database = new ProjectionDatabase(directory);
        projection = new CustomerViewProjection(database.jdbc(), database.cipher(), database.keys());
        queries = new CustomerViewQueries(database.jdbc(), database.cipher(), database.keys());
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @BeforeEach
    void empty() {
        projection.reset();
    }

    private record Tables(List<List<Map<String, Object>>> rows, List<Optional<CustomerView>> views) {
    }

    private static Tables tables(List<CustomerId> customers) {
        List<List<Map<String, Object>>> rows = new ArrayList<>();
        TABLES.forEach(sql -> rows.add(database.jdbc().queryForList(sql)));
        return new Tables(rows, customers.stream().map(id -> queries.handle(new FetchCustomerViewQuery(id))).toList());
    }

    @Test
    void aBulkFoldWritesTheRowsTheHandlersWriteEventByEvent() throws Exception {
        ReplayHistory history = ReplayHistory.of(9);
        AnnotationEventHandlerAdapter eventByEvent = new AnnotationEventHandlerAdapter(projection);
        for (DomainEventMessage<?> event : history.events()) {
            eventByEvent.handle(event);
        }
        Tables handled = tables(history.customers());
        assertThat(handled.views()).filteredOn(Optional::isPresent).hasSize(8);
        assertThat(handled.rows().get(3)).as("purchase totals").isNotEmpty();

        for (int chunk : new int[]{7, 1_000}) {
            projection.reset();
            CustomerViewFold fold = new CustomerViewFold(database.cipher(), database.keys());
            int folded = 0;
            for (DomainEventMessage<?> event : history.events()) {
                fold.handle(event);
                if (++folded % chunk == 0) {
                    // customers' events span flushes: each flush rewrites what it changed
                    fold.flush(database.jdbc(), customers -> Set.of());
                }
            }
            fold.flush(database.jdbc(), customers -> Set.of());

            assertThat(tables(history.customers())).as("chunks of " + chunk).isEqualTo(handled);
        }
    }

    @Test
    void aCustomerErasedWhileTheFoldHeldTheirRowIsNotWrittenAndTheirEarlierRowsGo() throws Exception {
        ReplayHistory history = ReplayHistory.of(3);
        CustomerId kept = history.customers().get(0);
        CustomerId erasedMeanwhile = history.customers().get(2);
        CustomerViewFold fold = new CustomerViewFold(database.cipher(), database.keys());
        List<DomainEventMessage<?>> events = history.events();
        int half = events.size() / 2;
        for (DomainEventMessage<?> event : events.subList(0, half)) {
            fold.handle(event);
        }
        fold.flush(database.jdbc(), customers -> Set.of());
        assertThat(queries.handle(new FetchCustomerViewQuery(erasedMeanwhile))).isPresent();

        for (DomainEventMessage<?> event : events.subList(half, events.size())) {
            fold.handle(event);
        }
        fold.flush(database.jdbc(), customers -> Set.of(erasedMeanwhile.uuid()));

        assertThat(database.jdbc().queryForObject("SELECT count(*) FROM customer_view WHERE customer_id = ?", Long.class,
                erasedMeanwhile.uuid())).isZero();
        assertThat(database.jdbc().queryForObject("SELECT count(*) FROM customer_search WHERE customer_id = ?", Long.class,
                erasedMeanwhile.uuid())).isZero();
        assertThat(database.jdbc().queryForObject("SELECT count(*) FROM customer_view WHERE customer_id = ?", Long.class,
                history.erased().uuid())).as("erased by its own events").isZero();
        assertThat(queries.handle(new FetchCustomerViewQuery(kept))).isPresent();
    }
}
