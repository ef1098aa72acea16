package org.customervault.projections.customer;

import java.sql.Timestamp;
import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.InvalidCustomerDataException;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;
import org.customervault.domain.customer.api.CustomerListSort;
import org.customervault.domain.customer.api.CustomerSummaryPage;
import org.customervault.domain.customer.api.FetchCustomerSummariesQuery;
import org.customervault.domain.customer.api.FetchCustomerSummariesQuery.Position;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The customer list and search: the customers a query matches, filtered, counted and put in
 * order, a page at a time. Instants sort in the database and page by the last customer shown (a
 * page does not shift when customers are added before it); names are sealed, so they are opened
 * and sorted here, at most {@link CustomerListSort#NAME_SORT_LIMIT} of them, and page by position.
 */
final class CustomerListing {

    private static final String SUMMARY_COLUMNS = "v.customer_id, v.full_name, v.email, v.status, v.created_at, v.last_activity_at";

    /**
     * A granted consent counts only while the customer has not objected to its purpose. Parameters: the status
     * twice, the consent's purpose twice and its state, the refused purpose three times, whether restricted
     * customers are left out; then the search's, if there is one.
     */
    private static final String MATCHING = """
            FROM customer_view v
            WHERE (?::varchar IS NULL OR v.status = ?)
              AND (?::varchar IS NULL OR EXISTS (SELECT 1 FROM customer_consent c
                   WHERE c.customer_id = v.customer_id AND c.purpose = ? AND c.granted = ?
                     AND NOT (c.granted AND EXISTS (SELECT 1 FROM customer_objection o
                              WHERE o.customer_id = v.customer_id AND o.purpose = c.purpose))))
              AND (?::varchar IS NULL OR NOT EXISTS (
                   SELECT 1 FROM customer_objection o WHERE o.customer_id = v.customer_id AND o.purpose = ?
                   UNION ALL
                   SELECT 1 FROM customer_consent c WHERE c.customer_id = v.customer_id AND c.purpose = ? AND NOT c.granted))
              AND (NOT ? OR v.status <> 'RESTRICTED')
              AND %s""";

    /*
     * A customer matches a search by any one of the exact tokens (email, phone, national id), or by
     * all of the name-word tokens of one key version. A token is an HMAC keyed by its kind, so
     * comparing tokens alone never matches across kinds; during a rotation a customer's tokens of
     * one kind are all of the old key or all of the new, so the words of both versions are searched
     * and a customer holds the words of one of them only.
     * Parameters: exact kinds, exact tokens, the name-word kind, word tokens, words per version.
     */
    private static final String SEARCHED = """
            v.customer_id IN (
                SELECT customer_id FROM customer_search WHERE kind = ANY (?::varchar[]) AND token = ANY (?::bytea[])
                UNION
                SELECT customer_id FROM customer_search WHERE kind = ? AND token = ANY (?::bytea[])
                GROUP BY customer_id HAVING count(DISTINCT token) = ?)""";

    private static final String BY_IDS = """
            SELECT %s FROM customer_view v WHERE v.customer_id = ANY (?::uuid[])""".formatted(SUMMARY_COLUMNS);

    private final JdbcTemplate jdbc;
    private final CustomerViewRows rows;

    CustomerListing(JdbcTemplate jdbc, CustomerViewRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    /** The page; {@code search} is the search's condition and parameters, or null to list everyone. */
    CustomerSummaryPage page(FetchCustomerSummariesQuery query, Search search) {
        List<Object> matching = new ArrayList<>();
        String status = query.status() == null ? null : query.status().name();
        matching.add(status);
        matching.add(status);
        String purpose = query.consent() == null ? null : query.consent().purpose();
        matching.add(purpose);
        matching.add(purpose);
        matching.add(query.consent() == null || query.consent().granted());
        matching.add(query.refusing());
        matching.add(query.refusing());
        matching.add(query.refusing());
        matching.add(query.withoutRestricted());
        if (search != null) {
            matching.addAll(search.parameters());
        }
        String from = MATCHING.formatted(search == null ? "TRUE" : SEARCHED);
        long total = jdbc.queryForObject("SELECT count(*) " + from, Long.class, matching.toArray());
        return query.sort().byName()
                ? byName(query, from, matching, total)
                : byInstant(query, from, matching, total);
    }

    private CustomerSummaryPage byInstant(FetchCustomerSummariesQuery query, String from, List<Object> matching,
                                          long total) {
        InstantOrder order = InstantOrder.of(query.sort());
        List<Object> parameters = new ArrayList<>(matching);
        String after = "";
        if (query.after() != null) {
            after = " AND (v.%1$s %2$s ? OR (v.%1$s = ? AND v.customer_id > ?))".formatted(order.column, order.beyond);
            Timestamp at = Timestamp.from(query.after().at());
            parameters.add(at);
            parameters.add(at);
            parameters.add(query.after().id().uuid());
        }
        parameters.add(query.size() + 1);
        parameters.add(query.after() != null ? 0 : query.offset());
        String sql = "SELECT " + SUMMARY_COLUMNS + " " + from + after
                + " ORDER BY v.%s %s, v.customer_id LIMIT ? OFFSET ?".formatted(order.column, order.direction);
        List<CustomerSummaryPage.Summary> found = jdbc.query(sql, rows::summary, parameters.toArray());
        if (found.size() <= query.size()) {
            return new CustomerSummaryPage(found, total, null);
        }
        List<CustomerSummaryPage.Summary> items = found.subList(0, query.size());
        CustomerSummaryPage.Summary last = items.get(items.size() - 1);
        return new CustomerSummaryPage(List.copyOf(items), total,
                new Position(order.createdAt ? last.createdAt() : last.lastActivityAt(), last.id(), 0));
    }

    private CustomerSummaryPage byName(FetchCustomerSummariesQuery query, String from, List<Object> matching, long total) {
        if (total > CustomerListSort.NAME_SORT_LIMIT) {
            throw new InvalidCustomerDataException(List.of(new Violation("sort", "can order at most " + CustomerListSort.NAME_SORT_LIMIT
                    + " customers by name; narrow the list with q, status or consent first")));
        }
        Collator collator = Collator.getInstance(Locale.ROOT);
        collator.setStrength(Collator.PRIMARY);
        record Named(UUID id, String name) {
        }
        Comparator<Named> order = Comparator.comparing(Named::name, collator).thenComparing(Named::id);
        List<Named> named = jdbc.query("SELECT v.customer_id, v.full_name " + from,
                (row, n) -> {
                    UUID id = row.getObject("customer_id", UUID.class);
                    return new Named(id, rows.open(new CustomerId(id), "full_name", row.getString("full_name"), String.class));
                }, matching.toArray());
        named.sort(query.sort() == CustomerListSort.NAME_A_TO_Z ? order : order.reversed());
        long start = query.after() != null ? query.after().offset() : query.offset();
        int fromIndex = (int) Math.min(start, named.size());
        int toIndex = (int) Math.min(start + query.size(), named.size());
        UUID[] ids = named.subList(fromIndex, toIndex).stream().map(Named::id).toArray(UUID[]::new);
        Map<UUID, CustomerSummaryPage.Summary> summaries = jdbc.query(BY_IDS, rows::summary, (Object) ids).stream()
                .collect(Collectors.toMap(summary -> summary.id().uuid(), Function.identity()));
        // a customer erased between the two reads is left out, not shown half
        List<CustomerSummaryPage.Summary> items = named.subList(fromIndex, toIndex).stream()
                .map(n -> summaries.get(n.id())).filter(Objects::nonNull).toList();
        Position next = toIndex < named.size() ? new Position(null, null, toIndex) : null;
        return new CustomerSummaryPage(items, total, next);
    }

    /** A search's parameters, in {@link #SEARCHED}'s order. */
    record Search(List<Object> parameters) {
    }

    /** How an instant sort reads in SQL; {@code beyond} compares a later row's value with the last one shown. */
    private record InstantOrder(String column, String direction, String beyond, boolean createdAt) {

        static InstantOrder of(CustomerListSort sort) {
            return switch (sort) {
                case LAST_ACTIVITY_NEWEST -> new InstantOrder("last_activity_at", "DESC", "<", false);
                case LAST_ACTIVITY_OLDEST -> new InstantOrder("last_activity_at", "ASC", ">", false);
                case CREATED_NEWEST -> new InstantOrder("created_at", "DESC", "<", true);
                case CREATED_OLDEST -> new InstantOrder("created_at", "ASC", ">", true);
                case NAME_A_TO_Z, NAME_Z_TO_A -> throw new IllegalArgumentException("a name sort is not done in SQL");
            };
        }
    }
}
