package org.customervault.projections.customer;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerView;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The customers of the 360 view whose last activity (registration, interaction, purchase) is older than a
 * moment, for retention, each in its standing: due, or kept by a legal hold, by a data subject's request
 * about them that is still open (erasing them would destroy what the request is to answer), or by their
 * restriction (GDPR Art. 18(2): restricted data is only stored; a customer often asks for restriction
 * instead of erasure, or needs the data for a legal claim). Restricted customers are due only to a policy
 * for restricted customers alone ({@code statuses} of {@code RESTRICTED} only): the business chose to erase
 * them. Reads ids, statuses, holds and request statuses only: no personal column.
 */
public class InactiveCustomers {

    /** Why an inactive customer is erased or kept. */
    public enum Standing { DUE, HELD, OPEN_REQUEST, RESTRICTED }

    private static final String STANDING = """
            SELECT customer_id, version, last_activity_at,
                   CASE WHEN legal_hold THEN 'HELD'
                        WHEN EXISTS (SELECT 1 FROM data_subject_request request
                                     WHERE request.subject_id = customer_view.customer_id
                                       AND request.status IN ('RECEIVED', 'VERIFIED', 'IN_PROGRESS')) THEN 'OPEN_REQUEST'
                        WHEN status = 'RESTRICTED' AND NOT ?::BOOLEAN THEN 'RESTRICTED'
                        ELSE 'DUE' END AS standing
            FROM customer_view
            WHERE last_activity_at < ? AND status = ANY (?::varchar[])""";

    /** Oldest activity first. */
    private static final String INACTIVE = """
            SELECT customer_id, version FROM (%s) inactive WHERE standing = ?
            ORDER BY last_activity_at, customer_id LIMIT ?""".formatted(STANDING);

    private static final String COUNT = """
            SELECT standing, count(*) FROM (%s) inactive GROUP BY standing""".formatted(STANDING);

    private final JdbcTemplate jdbc;

    public InactiveCustomers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A customer inactive since before the moment asked for, and the version of the customer the view shows. */
    public record Inactive(CustomerId id, long version) {
    }

    /** How many inactive customers there are in each standing; every standing present. */
    public Map<Standing, Long> count(Instant before, List<CustomerView.Status> statuses) {
        Map<Standing, Long> counts = new EnumMap<>(Standing.class);
        for (Standing standing : Standing.values()) {
            counts.put(standing, 0L);
        }
        jdbc.query(COUNT, row -> {
            counts.put(Standing.valueOf(row.getString(1)), row.getLong(2));
        }, restrictedDue(statuses), Timestamp.from(before), names(statuses));
        return counts;
    }

    /**
     * @param statuses the statuses the customers may have
     * @param limit    at most this many, the longest inactive first
     */
    public List<Inactive> since(Instant before, List<CustomerView.Status> statuses, Standing standing, int limit) {
        return jdbc.query(INACTIVE, (row, n) -> new Inactive(new CustomerId(row.getObject(1, UUID.class)),
                row.getLong(2)), restrictedDue(statuses), Timestamp.from(before), names(statuses), standing.name(), limit);
    }

    private static boolean restrictedDue(List<CustomerView.Status> statuses) {
        return statuses.equals(List.of(CustomerView.Status.RESTRICTED));
    }

    private static String[] names(List<CustomerView.Status> statuses) {
        return statuses.stream().map(Enum::name).toArray(String[]::new);
    }
}
