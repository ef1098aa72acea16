package org.customervault.projections.timeline;

import java.sql.Timestamp;
import org.customervault.domain.customer.CustomerId;
import org.customervault.projections.BatchedInsert;
import org.springframework.jdbc.core.JdbcTemplate;

/** The timeline's entries written by the tracking processor: one JDBC batch per batch of events. */
final class TimelineStatements implements TimelineWrites {

    private static final String RECORD = """
            INSERT INTO customer_timeline (customer_id, sequence, kind, occurred_at, recorded_at, actor, details, personal)
            VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?) ON CONFLICT DO NOTHING""";

    /** Truncated for the same reasons as the customer view's reset. */
    private static final String RESET = """
            TRUNCATE customer_timeline""";

    private static final String PURGE = """
            DELETE FROM customer_timeline WHERE customer_id = ?""";

    private final JdbcTemplate jdbc;
    private final BatchedInsert entries;

    TimelineStatements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.entries = new BatchedInsert(jdbc, RECORD);
    }

    @Override
    public void reset() {
        jdbc.execute(RESET);
    }

    @Override
    public void record(Entry entry) {
        entries.add(entry.customerId(), entry.sequence(), entry.kind(), Timestamp.from(entry.occurredAt()),
                Timestamp.from(entry.recordedAt()), entry.actor(), entry.details(), entry.personal());
    }

    @Override
    public void purge(CustomerId id) {
        entries.flush();
        jdbc.update(PURGE, id.uuid());
    }
}
