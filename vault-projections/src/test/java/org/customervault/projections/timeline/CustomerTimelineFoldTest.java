package org.customervault.projections.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.customervault.domain.customer.api.FetchCustomerTimelineQuery;
import org.customervault.domain.customer.api.TimelinePage;
import org.customervault.projections.ProjectionDatabase;
import org.customervault.projections.ReplayHistory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bulk rebuild's timeline against the handlers writing event by event, on the same events. */
class CustomerTimelineFoldTest {

    private static final String ENTRIES = """
            SELECT customer_id, sequence, kind, occurred_at, recorded_at, actor, details::text, personal IS NULL
            FROM customer_timeline ORDER BY customer_id, sequence""";

    @TempDir
    static Path directory;
    private static ProjectionDatabase database;
    private static CustomerTimelineProjection projection;

    @BeforeAll
    static void start() throws Exception {
        database = new ProjectionDatabase(directory);
        projection = new CustomerTimelineProjection(database.jdbc(), database.cipher());
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private record Timeline(List<Map<String, Object>> rows, List<TimelinePage> pages) {
    }

    private static Timeline timeline(ReplayHistory history) {
        return new Timeline(database.jdbc().queryForList(ENTRIES), history.customers().stream()
                .map(id -> projection.handle(new FetchCustomerTimelineQuery(id, null, 0, 100, true))).toList());
    }

    @Test
    void aBulkFoldWritesTheEntriesTheHandlersWriteEventByEvent() throws Exception {
        ReplayHistory history = ReplayHistory.of(9);
        projection.reset();
        AnnotationEventHandlerAdapter eventByEvent = new AnnotationEventHandlerAdapter(projection);
        for (DomainEventMessage<?> event : history.events()) {
            eventByEvent.handle(event);
        }
        Timeline handled = timeline(history);
        assertThat(handled.rows()).hasSizeGreaterThan(80);

        projection.reset();
        CustomerTimelineFold fold = new CustomerTimelineFold(database.cipher());
        int folded = 0;
        for (DomainEventMessage<?> event : history.events()) {
            fold.handle(event);
            if (++folded % 7 == 0) {
                fold.flush(database.jdbc(), customers -> Set.of());
            }
        }
        fold.flush(database.jdbc(), customers -> Set.of());

        assertThat(timeline(history)).isEqualTo(handled);
        assertThat(database.jdbc().queryForObject("SELECT count(*) FROM customer_timeline WHERE customer_id = ?",
                Long.class, history.erased().uuid())).isZero();
    }
}
