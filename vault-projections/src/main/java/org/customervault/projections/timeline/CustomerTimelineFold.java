package org.customervault.projections.timeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.customer.CustomerId;

/**
 * The timeline rebuilt in bulk: events go to the projection's own handlers
 * ({@link CustomerTimelineProjection}), whose entries are gathered in memory and written by
 * {@link #flush} with one statement. Only the entries since the last flush are held.
 */
public final class CustomerTimelineFold {

    private static final String DELETE_CUSTOMERS = """
            DELETE FROM customer_timeline WHERE customer_id = ANY (?)""";

    private static final String INSERT_ENTRIES = """
            INSERT INTO customer_timeline (customer_id, sequence, kind, occurred_at, recorded_at, actor, details, personal)
            SELECT t.customer_id, t.sequence, t.kind, t.occurred_at, t.recorded_at, t.actor, t.details::jsonb, t.personal
            FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[],
                ?::text[]) AS t(customer_id, sequence, kind, occurred_at, recorded_at, actor, details, personal)
            ON CONFLICT DO NOTHING""";

    private final List<TimelineWrites.Entry> entries = new ArrayList<>();
    /** Customers erased since the last flush, whose entries of earlier flushes are deleted by the next one. */
    private final Set<UUID> purged = new HashSet<>();
    private final AnnotationEventHandlerAdapter handlers;

    public CustomerTimelineFold(SubjectCipher cipher) {
        this.handlers = new AnnotationEventHandlerAdapter(new CustomerTimelineProjection(null, new InMemory(), cipher));
    }

    /** Applies an event as the projection's handler would. */
    public void handle(EventMessage<?> event) throws Exception {
        if (handlers.canHandle(event)) {
            handlers.handle(event);
        }
    }

    /** Entries made ready by {@link #prepare}, written by {@link #to} in the caller's transaction. */
    public interface Write {
        void to(org.springframework.jdbc.core.JdbcTemplate jdbc);
    }

    /**
     * Writes the entries gathered since the last flush, in the caller's transaction; those of
     * customers {@code erased} says are erased are dropped, and their earlier entries deleted.
     */
    public void flush(org.springframework.jdbc.core.JdbcTemplate jdbc, Function<Collection<UUID>, Set<UUID>> erased) {
        prepare(erased).to(jdbc);
    }

    /** Takes the entries gathered so far into a write of their own, as {@link #flush} would write them. */
    public Write prepare(Function<Collection<UUID>, Set<UUID>> erased) {
        Set<UUID> customers = new HashSet<>();
        entries.forEach(entry -> customers.add(entry.customerId()));
        Set<UUID> gone = customers.isEmpty() ? Set.of() : erased.apply(customers);
        Set<UUID> deleted = new HashSet<>(purged);
        deleted.addAll(gone);
        List<TimelineWrites.Entry> writing = entries.stream().filter(entry -> !gone.contains(entry.customerId())).toList();
        entries.clear();
        purged.clear();
        return jdbc -> jdbc.execute((Connection connection) -> {
            if (!deleted.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement(DELETE_CUSTOMERS)) {
                    delete.setArray(1, connection.createArrayOf("uuid", deleted.toArray()));
                    delete.executeUpdate();
                }
            }
            if (!writing.isEmpty()) {
                int n = writing.size();
                Object[][] columns = new Object[8][n];
                for (int i = 0; i < n; i++) {
                    TimelineWrites.Entry entry = writing.get(i);
                    columns[0][i] = entry.customerId();
                    columns[1][i] = entry.sequence();
                    columns[2][i] = entry.kind();
                    columns[3][i] = Timestamp.from(entry.occurredAt());
                    columns[4][i] = Timestamp.from(entry.recordedAt());
                    columns[5][i] = entry.actor();
                    columns[6][i] = entry.details();
                    columns[7][i] = entry.personal();
                }
                String[] types = {"uuid", "bigint", "text", "timestamptz", "timestamptz", "text", "text", "text"};
                try (PreparedStatement insert = connection.prepareStatement(INSERT_ENTRIES)) {
                    for (int c = 0; c < types.length; c++) {
                        insert.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
                    }
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    private final class InMemory implements TimelineWrites {

        @Override
        public void reset() {
            throw new UnsupportedOperationException("a bulk rebuild starts from tables its caller has reset");
        }

        @Override
        public void record(Entry entry) {
            entries.add(entry);
        }

        @Override
        public void purge(CustomerId id) {
            entries.removeIf(entry -> entry.customerId().equals(id.uuid()));
            purged.add(id.uuid());
        }
    }
}
