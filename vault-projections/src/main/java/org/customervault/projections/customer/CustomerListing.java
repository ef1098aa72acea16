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
 *
 * <p>A search never reads every customer who holds a common word, nor every customer who holds a
 * shared email, phone or national id ({@link SearchPlan}: those exact tokens are counted and bounded
 * like the words). When the exact tokens, and each key version's rarest word, are held by few customers
 * ({@link Limits#fewCustomers}), the matches are found
 * in the index alone, by intersecting the words' posting lists ({@link SearchPlan#holders}), and their
 * page and exact count are read in one statement. Otherwise, when the words' counts promise that the
 * page is met sooner by walking the customers in the page's order than by reading the rarest word's
 * customers, they are walked and each probed for the words until the page is full, for at most twice
 * the customers expected ({@link Limits#minWalk} to {@link Limits#maxWalk}); a walk that ends there, or
 * a search whose matches are expected too sparse, reads the rarest word's customers after all. The
 * total is then counted among the first {@link Limits#lowerBound} of the rarest word's (and the exact
 * tokens') customers only, and said to be a lower bound.
 */
final class CustomerListing {

    /**
     * How much a search reads. {@code countCap}: a word's customers are counted up to this (to tell the
     * rarest word, and how dense the matches are); {@code fewCustomers}: when every leading word is held
     * by at most this many customers, the matches are intersected in the index and the total is exact;
     * {@code lowerBound}: otherwise the total is counted among this many of the leading word's customers
     * (a count costs a probe per customer); {@code minWalk} and {@code maxWalk}: the bounds of how many
     * customers a walk in the page's order probes before the search reads the leading word's customers
     * instead.
     */
    record Limits(int countCap, int fewCustomers, int lowerBound, int minWalk, int maxWalk) {

        static final Limits DEFAULT = new Limits(5_000, 1_000, 200, 2_000, 40_000);
    }

    /** The customers in the view as PostgreSQL last estimated them; below 1 when it never has. */
    private static final String CUSTOMERS_ESTIMATED = """
            SELECT reltuples FROM pg_class WHERE oid = 'customer_view'::regclass""";

    private static final String SUMMARY_COLUMNS = "v.customer_id, v.full_name, v.email, v.status, v.created_at, v.last_activity_at";

    /**
     * A granted consent counts only while the customer has not objected to its purpose. Parameters: the status
     * twice, the consent's purpose twice and its state, the refused purpose three times, whether restricted
     * customers are left out.
     */
    private static final String FILTERS = """
            (?::varchar IS NULL OR v.status = ?)
              AND (?::varchar IS NULL OR EXISTS (SELECT 1 FROM customer_consent c
                   WHERE c.customer_id = v.customer_id AND c.purpose = ? AND c.granted = ?
                     AND NOT (c.granted AND EXISTS (SELECT 1 FROM customer_objection o
                              WHERE o.customer_id = v.customer_id AND o.purpose = c.purpose))))
              AND (?::varchar IS NULL OR NOT EXISTS (
                   SELECT 1 FROM customer_objection o WHERE o.customer_id = v.customer_id AND o.purpose = ?
                   UNION ALL
                   SELECT 1 FROM customer_consent c WHERE c.customer_id = v.customer_id AND c.purpose = ? AND NOT c.granted))
              AND (NOT ? OR v.status <> 'RESTRICTED')""";

    /** The customers given ({@code uuid[]}) that the filters keep. */
    private static final String HOLDERS_KEPT = "FROM customer_view v WHERE v.customer_id = ANY (?::uuid[]) AND " + FILTERS;

    /**
     * The page, after the position given and in the order given (formatted in), of the customers given that
     * the filters keep, each beside their count; when the page is empty, a row of the count alone.
     */
    private static final String AMONG_HOLDERS = """
            WITH kept AS MATERIALIZED (SELECT %s %s)
            SELECT counted.total, v.* FROM (SELECT count(*) AS total FROM kept) counted
            LEFT JOIN LATERAL (SELECT * FROM kept v WHERE true %%1$s ORDER BY %%2$s LIMIT ? OFFSET ?) v ON true
            ORDER BY %%2$s""".formatted(SUMMARY_COLUMNS, HOLDERS_KEPT);

    private static final String BY_IDS = """
            SELECT %s FROM customer_view v WHERE v.customer_id = ANY (?::uuid[])""".formatted(SUMMARY_COLUMNS);

    private final JdbcTemplate jdbc;
    private final CustomerViewRows rows;
    private final Limits limits;

    CustomerListing(JdbcTemplate jdbc, CustomerViewRows rows) {
        this(jdbc, rows, Limits.DEFAULT);
    }

    CustomerListing(JdbcTemplate jdbc, CustomerViewRows rows, Limits limits) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.limits = limits;
    }

    /** The page; {@code search} is what the search compares, or null to list everyone. */
    CustomerSummaryPage page(FetchCustomerSummariesQuery query, Search search) {
        List<Object> filters = filterParameters(query);
        if (search == null) {
            String from = "FROM customer_view v WHERE " + FILTERS;
            long total = jdbc.queryForObject("SELECT count(*) " + from, Long.class, filters.toArray());
            return query.sort().byName()
                    ? byName(query, from, filters, total)
                    : byInstant(query, new Walk(from, filters), new Count(total, false));
        }
        SearchPlan plan = SearchPlan.of(jdbc, search, limits.countCap());
        if (plan.matchesNobody()) {
            return new CustomerSummaryPage(List.of(), 0, null);
        }
        if (plan.leadsAtMost(limits.fewCustomers())) {
            return amongHolders(query, plan.holders(jdbc), filters);
        }
        if (query.sort().byName()) {
            return searchedByName(query, plan, filters);
        }
        List<Object> counted = new ArrayList<>();
        String candidates = plan.candidates(counted, limits.lowerBound());
        counted.addAll(filters);
        String condition = plan.condition(counted);
        long total = jdbc.queryForObject("SELECT count(*) FROM customer_view v WHERE v.customer_id IN (" + candidates
                + ") AND " + FILTERS + " AND " + condition, Long.class, counted.toArray());
        Count bounded = new Count(total, true);
        long walk = walkBudget(query, plan);
        CustomerSummaryPage walked = walk > 0 ? walkingInOrder(query, plan, filters, walk, bounded) : null;
        return walked != null ? walked : byInstant(query, readingLeads(plan, filters), bounded);
    }

    /**
     * How many customers to walk in the page's order: twice as many as the words' counts say it takes
     * to fill the page, within the limits; 0 when that is more than the leading words' customers, which
     * are then read instead. A leading word counted to the cap may hold many more: it is walked.
     */
    private long walkBudget(FetchCustomerSummariesQuery query, SearchPlan plan) {
        Double estimated = jdbc.queryForObject(CUSTOMERS_ESTIMATED, Double.class);
        long customers = Math.max(estimated == null ? 0 : estimated.longValue(), plan.leadCustomers());
        long needed = (query.after() != null ? 0 : query.offset()) + query.size() + 1;
        double expected = needed / Math.max(plan.expectedShare(customers), 1e-9);
        if (expected > plan.leadCustomers() && !plan.leadCountedToTheCap(limits.countCap())) {
            return 0;
        }
        return Math.max(limits.minWalk(), Math.min(limits.maxWalk(), (long) Math.ceil(2 * expected)));
    }
    private static List<Object> filterParameters(FetchCustomerSummariesQuery query) {
        List<Object> filters = new ArrayList<>();
        String status = query.status() == null ? null : query.status().name();
        filters.add(status);
        filters.add(status);
        String purpose = query.consent() == null ? null : query.consent().purpose();
        filters.add(purpose);
        filters.add(purpose);
        filters.add(query.consent() == null || query.consent().granted());
        filters.add(query.refusing());
        filters.add(query.refusing());
        filters.add(query.refusing());
        filters.add(query.withoutRestricted());
        return filters;
    }

    /**
     * The page of the customers given, those the filters keep, with their exact count: each of their rows
     * read once, in one statement.
     */
    private CustomerSummaryPage amongHolders(FetchCustomerSummariesQuery query, UUID[] holders, List<Object> filters) {
        if (holders.length == 0) {
            return new CustomerSummaryPage(List.of(), 0, null);
        }
        List<Object> parameters = new ArrayList<>();
        parameters.add(holders);
        parameters.addAll(filters);
        if (query.sort().byName()) {
            return byName(query, HOLDERS_KEPT, parameters, -1);
        }
        InstantOrder order = InstantOrder.of(query.sort());
        String after = after(query, order, parameters);
        parameters.add(query.size() + 1);
        parameters.add(query.after() != null ? 0 : query.offset());
        long[] total = {0};
        List<CustomerSummaryPage.Summary> found = new ArrayList<>();
        jdbc.query(AMONG_HOLDERS.formatted(after, order.by()), row -> {
            total[0] = row.getLong("total");
            // the count's row alone when the page is empty
            if (row.getObject("customer_id") != null) {
                found.add(rows.summary(row, found.size()));
            }
        }, parameters.toArray());
        return paged(query, order, found, new Count(total[0], false));
    }

    /** The matching customers read from the customers of the leading words, all of them. */
    private static Walk readingLeads(SearchPlan plan, List<Object> filters) {
        List<Object> parameters = new ArrayList<>();
        String candidates = plan.candidates(parameters, null);
        parameters.addAll(filters);
        String condition = plan.condition(parameters);
        return new Walk("FROM customer_view v WHERE v.customer_id IN (" + candidates + ") AND " + FILTERS + " AND "
                + condition, parameters);
    }

    /**
     * The page found by walking the customers in the page's order and probing each, or null when the walk
     * ended at its limit before it filled the page: the matches are sparser than their words' counts
     * promised, and the caller reads them from the leading words instead.
     */
    private CustomerSummaryPage walkingInOrder(FetchCustomerSummariesQuery query, SearchPlan plan, List<Object> filters,
                                               long budget, Count total) {
        InstantOrder order = InstantOrder.of(query.sort());
        List<Object> walked = new ArrayList<>(filters);
        String after = after(query, order, walked);
        walked.add(budget);
        // the limit fences the walk: conditions outside it are not pushed into it, so it stays in index order
        String walk = "(SELECT " + SUMMARY_COLUMNS + " FROM customer_view v WHERE " + FILTERS + after
                + " ORDER BY " + order.by() + " LIMIT ?) v";
        List<Object> parameters = new ArrayList<>(walked);
        String condition = plan.condition(parameters);
        long offset = query.after() != null ? 0 : query.offset();
        parameters.add(query.size() + 1);
        parameters.add(offset);
        List<CustomerSummaryPage.Summary> found = jdbc.query("SELECT * FROM " + walk + " WHERE " + condition
                + " ORDER BY " + order.by() + " LIMIT ? OFFSET ?",
                rows::summary, parameters.toArray());
        if (found.size() <= query.size()) {
            long walkedThrough = jdbc.queryForObject("SELECT count(*) FROM " + walk, Long.class, walked.toArray());
            if (walkedThrough >= budget) {
                return null;
            }
        }
        return paged(query, order, found, total);
    }

    /** Where a page starts after the last customer of the one before, its parameters added to those given. */
    private static String after(FetchCustomerSummariesQuery query, InstantOrder order, List<Object> parameters) {
        if (query.after() == null) {
            return "";
        }
        Timestamp at = Timestamp.from(query.after().at());
        parameters.add(at);
        parameters.add(at);
        parameters.add(query.after().id().uuid());
        return " AND (v.%1$s %2$s ? OR (v.%1$s = ? AND v.customer_id > ?))".formatted(order.column, order.beyond);
    }

    private CustomerSummaryPage byInstant(FetchCustomerSummariesQuery query, Walk matching, Count total) {
        InstantOrder order = InstantOrder.of(query.sort());
        List<Object> parameters = new ArrayList<>(matching.parameters());
        String after = after(query, order, parameters);
        parameters.add(query.size() + 1);
        parameters.add(query.after() != null ? 0 : query.offset());
        String sql = "SELECT " + SUMMARY_COLUMNS + " " + matching.from() + after
                + " ORDER BY " + order.by() + " LIMIT ? OFFSET ?";
        return paged(query, order, jdbc.query(sql, rows::summary, parameters.toArray()), total);
    }

    /**
     * The page of the customers found (one more than the page when there are more); a lower-bound total is
     * raised to what this page proves: the customers before it, on it, and one after it when there is a next.
     */
    private static CustomerSummaryPage paged(FetchCustomerSummariesQuery query, InstantOrder order,
                                             List<CustomerSummaryPage.Summary> found, Count total) {
        boolean more = found.size() > query.size();
        List<CustomerSummaryPage.Summary> items = more ? List.copyOf(found.subList(0, query.size())) : found;
        long reported = total.customers();
        if (total.lowerBound()) {
            long before = query.after() != null ? 0 : query.offset();
            reported = Math.max(reported, before + items.size() + (more ? 1 : 0));
        }
        if (!more) {
            return new CustomerSummaryPage(items, reported, total.lowerBound(), null);
        }
        CustomerSummaryPage.Summary last = items.get(items.size() - 1);
        return new CustomerSummaryPage(items, reported, total.lowerBound(),
                new Position(order.createdAt ? last.createdAt() : last.lastActivityAt(), last.id(), 0));
    }

    /** A name sort of a search: at most the limit's matches are read, and the total is theirs, exact. */
    private CustomerSummaryPage searchedByName(FetchCustomerSummariesQuery query, SearchPlan plan, List<Object> filters) {
        Walk matching = readingLeads(plan, filters);
        return byName(query, matching.from(), matching.parameters(), -1);
    }

    /** {@code total} is the matches' count, or -1 when unknown: the matches are then read up to one past the limit. */
    private CustomerSummaryPage byName(FetchCustomerSummariesQuery query, String from, List<Object> matching, long total) {
        if (total > CustomerListSort.NAME_SORT_LIMIT) {
            throw tooManyToSortByName();
        }
        Collator collator = Collator.getInstance(Locale.ROOT);
        collator.setStrength(Collator.PRIMARY);
        record Sealed(UUID id, String fullName) {
        }
        record Named(UUID id, String name) {
        }
        Comparator<Named> order = Comparator.comparing(Named::name, collator).thenComparing(Named::id);
        List<Object> parameters = new ArrayList<>(matching);
        parameters.add(CustomerListSort.NAME_SORT_LIMIT + 1);
        List<Sealed> sealed = jdbc.query("SELECT v.customer_id, v.full_name " + from + " LIMIT ?",
                (row, n) -> new Sealed(row.getObject("customer_id", UUID.class), row.getString("full_name")),
                parameters.toArray());
        // refused before any name is opened
        if (sealed.size() > CustomerListSort.NAME_SORT_LIMIT) {
            throw tooManyToSortByName();
        }
        List<Named> named = new ArrayList<>(sealed.stream()
                .map(s -> new Named(s.id(), rows.open(new CustomerId(s.id()), "full_name", s.fullName(), String.class)))
                .toList());
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
        return new CustomerSummaryPage(items, total >= 0 ? total : named.size(), next);
    }

    private static InvalidCustomerDataException tooManyToSortByName() {
        return new InvalidCustomerDataException(List.of(new Violation("sort", "can order at most "
                + CustomerListSort.NAME_SORT_LIMIT + " customers by name; narrow the list with q, status or consent first")));
    }

    /** Where the matching customers come from ({@code FROM ... WHERE ...} over {@code v}) and its parameters. */
    private record Walk(String from, List<Object> parameters) {
    }

    /** A count of customers, or, when {@code lowerBound}, a number of customers there are at least. */
    private record Count(long customers, boolean lowerBound) {
    }

    /**
     * What a search compares: exact tokens (email, phone, national id) and their kinds, any one of which
     * matches; and the name-word tokens of each searchable key version, all of one version's words matching.
     */
    record Search(String[] exactKinds, byte[][] exactTokens, List<List<byte[]>> wordsByVersion) {
    }

    /** How an instant sort reads in SQL; {@code beyond} compares a later row's value with the last one shown. */
    private record InstantOrder(String column, String direction, String beyond, boolean createdAt) {

        /** The ORDER BY list over {@code v}, the id breaking ties. */
        String by() {
            return "v.%s %s, v.customer_id".formatted(column, direction);
        }

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
