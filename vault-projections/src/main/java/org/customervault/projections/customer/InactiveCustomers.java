package org.customervault.projections.customer;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerView;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The customers of the 360 view whose last activity (registration, interaction, purchase) is older than a
 * moment, for retention. Reads ids, statuses and holds only: no personal column.
 */
public class InactiveCustomers {

    /** Oldest activity first; held ones too, so that what retention skips can be shown. */
    private static final String INACTIVE = """
            SELECT customer_id, legal_hold, version FROM customer_view
            WHERE last_activity_at < ? AND status = ANY (?::varchar[])
            ORDER BY last_activity_at, customer_id LIMIT ?""";

    private static final String COUNT = """
            SELECT count(*) FILTER (WHERE NOT legal_hold), count(*) FILTER (WHERE legal_hold) FROM customer_view
            WHERE last_activity_at < ? AND status = ANY (?::varchar[])""";

    private final JdbcTemplate jdbc;

    public InactiveCustomers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A customer inactive since before the moment asked for, whether a legal hold stands on them, and the
     * version of the customer the view shows.
     */
    public record Inactive(CustomerId id, boolean held, long version) {
    }

    /** How many inactive customers there are, unheld and held. */
    public record Counts(long unheld, long held) {
    }

    public Counts count(Instant before, List<CustomerView.Status> statuses) {
        return jdbc.queryForObject(COUNT, (row, n) -> new Counts(row.getLong(1), row.getLong(2)),
                Timestamp.from(before), names(statuses));
    }

    /**
     * @param statuses the statuses the customers may have
     * @param limit    at most this many, the longest inactive first
     */
    public List<Inactive> since(Instant before, List<CustomerView.Status> statuses, int limit) {
        return jdbc.query(INACTIVE, (row, n) -> new Inactive(new CustomerId(row.getObject(1, UUID.class)),
                row.getBoolean(2), row.getLong(3)), Timestamp.from(before), names(statuses), limit);
    }

    private static String[] names(List<CustomerView.Status> statuses) {
        return statuses.stream().map(Enum::name).toArray(String[]::new);
    }
}
