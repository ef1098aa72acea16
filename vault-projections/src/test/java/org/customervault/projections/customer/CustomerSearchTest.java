package org.customervault.projections.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.text.Collator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.ConsentFilter;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.customervault.domain.customer.api.CustomerListSort;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.CustomerSummaryPage;
import org.customervault.domain.customer.api.FetchCustomerSummariesQuery;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.customer.api.SearchKind;
import org.customervault.projections.ProjectionDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search that starts from its rarest word answers what the search by every word answered: each
 * way it can take (the matches intersected in the index when the rarest word is rare, a walk in the
 * page's order, a walk that gives up and reads the rarest word's customers after all) is forced with
 * small limits, and every page of every order is compared with the matches worked out here from the
 * names registered, by cursor and by offset.
 */
class CustomerSearchTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final int CUSTOMERS = 160;
    /**
     * Small enough that common words go past the exact total's limit and a rare one stays under it; the
     * words are counted whole, so that dense matches are walked and sparse ones read from their rarest word.
     */
    private static final CustomerListing.Limits SMALL = new CustomerListing.Limits(1_000, 8, 5, 10, 60);
    /** Words counted to a cap and a walk that gives up at once: the rarest word's customers are read after the walk. */
    private static final CustomerListing.Limits NO_WALK = new CustomerListing.Limits(40, 8, 5, 1, 1);
    /** Every search of these customers is intersected in the index under the first, none under the second. */
    private static final CustomerListing.Limits INTERSECTED = new CustomerListing.Limits(1_000, 1_000, 5, 10, 60);
    private static final CustomerListing.Limits NEVER_INTERSECTED = new CustomerListing.Limits(1_000, 0, 5, 10, 60);

    @TempDir
    static Path directory;
    private static ProjectionDatabase database;
    private static CustomerViewProjection projection;
    private static final Map<CustomerId, Registered> customers = new LinkedHashMap<>();

    private record Registered(CustomerId id, String name, boolean restricted, boolean marketing) {
    }

    @BeforeAll
    static void start() throws Exception {
        database = new ProjectionDatabase(directory);
        projection = new CustomerViewProjection(database.jdbc(), database.cipher(), database.keys());
        Random random = new Random(7);
        List<String> given = List.of("María", "María", "María", "José", "Ana", "Juan");
        List<String> surnames = List.of("García", "García", "Rodríguez", "López", "Pérez", "Sosa");
        for (int n = 0; n < CUSTOMERS; n++) {
            String name = given.get(random.nextInt(given.size())) + " " + surnames.get(random.nextInt(surnames.size()))
                    + " " + (n % 30 == 0 ? "Zubizarreta" : surnames.get(random.nextInt(surnames.size())));
            CustomerId id = CustomerId.newId();
            // instants repeat, so the id breaks ties in every order
            Instant at = T0.plusSeconds(random.nextInt(60));
            projection.on(new CustomerRegisteredEvent(id, name, null, null, null, null, null, null), 0, at);
            boolean marketing = random.nextInt(3) == 0;
            if (marketing) {
                projection.on(new ConsentGrantedEvent(id, "marketing", "v1"), 1, at);
            }
            boolean restricted = random.nextInt(8) == 0;
            if (restricted) {
                projection.on(new ProcessingRestrictedEvent(id, "checking"), 2, at);
            }
            customers.put(id, new Registered(id, name, restricted, marketing));
        }
        // the walk's length is planned from PostgreSQL's estimate of the customers
        database.jdbc().execute("ANALYZE customer_view");
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void everyPageMatchesEveryWordAndNoCustomerIsSkippedOrRepeatedWhicheverWayTheSearchGoes() {
        List<String> searches = List.of("García", "maria garcia", "María García Rodríguez", "García Zubizarreta",
                "Zubizarreta", "Sosa Pérez", "García Nadie", "Nadie");
        for (CustomerListing.Limits limits : List.of(CustomerListing.Limits.DEFAULT, SMALL, NO_WALK)) {
            CustomerViewQueries queries = queries(limits);
            for (String q : searches) {
                for (CustomerListSort sort : List.of(CustomerListSort.LAST_ACTIVITY_NEWEST, CustomerListSort.CREATED_OLDEST)) {
                    for (boolean agent : List.of(false, true)) {
                        String as = limits + " q=" + q + " sort=" + sort + " agent=" + agent;
                        List<UUID> expected = expected(q, sort, agent ? r -> !r.restricted() : r -> true);
                        assertThat(byCursor(queries, q, sort, agent, null, expected.size(), 7)).as(as + " by cursor")
                                .isEqualTo(expected);
                        assertThat(byOffset(queries, q, sort, agent, null)).as(as + " by offset").isEqualTo(expected);
                    }
                }
                List<UUID> consenting = expected(q, CustomerListSort.LAST_ACTIVITY_NEWEST, Registered::marketing);
                assertThat(byCursor(queries, q, CustomerListSort.LAST_ACTIVITY_NEWEST, false,
                        new ConsentFilter("marketing", true), consenting.size(), 7))
                        .as(limits + " q=" + q + " consenting").isEqualTo(consenting);
            }
        }
        // a name sort opens every name it sorts, whichever way the search goes: once is enough
        for (String q : searches) {
            for (boolean agent : List.of(false, true)) {
                List<UUID> expected = expected(q, CustomerListSort.NAME_A_TO_Z, agent ? r -> !r.restricted() : r -> true);
                assertThat(byCursor(queries(SMALL), q, CustomerListSort.NAME_A_TO_Z, agent, null, expected.size(), 7))
                        .as("q=" + q + " by name, agent=" + agent).isEqualTo(expected);
            }
        }
    }

    /**
     * The same searches paged across the intersection in small pages, then walked: the same customers in
     * the same order, and the intersection counts them exactly on every page.
     */
    @Test
    void theIntersectionInTheIndexFindsWhatTheWalkFindsPageByPageWithAnExactTotal() {
        for (String q : List.of("García", "María García", "María García Rodríguez", "García Zubizarreta", "Zubizarreta",
                "Sosa Pérez López")) {
            for (CustomerListSort sort : List.of(CustomerListSort.LAST_ACTIVITY_NEWEST, CustomerListSort.CREATED_OLDEST,
                    CustomerListSort.NAME_A_TO_Z)) {
                List<UUID> expected = expected(q, sort, r -> !r.restricted());
                for (int size : List.of(1, 3)) {
                    String as = "q=" + q + " sort=" + sort + " size=" + size;
                    assertThat(byCursor(queries(INTERSECTED), q, sort, true, null, expected.size(), size))
                            .as(as + " intersected").isEqualTo(expected);
                    assertThat(byCursor(queries(NEVER_INTERSECTED), q, sort, true, null, expected.size(), size))
                            .as(as + " walked").isEqualTo(expected);
                }
            }
            CustomerSummaryPage first = queries(INTERSECTED).handle(search(q, 3));
            assertThat(first.totalIsLowerBound()).as(q).isFalse();
            assertThat(first.total()).as(q).isEqualTo(expected(q, CustomerListSort.LAST_ACTIVITY_NEWEST, r -> true).size());
        }
    }

    @Test
    void wordsHeldButNeverTogetherMatchNobodyEitherWay() {
        projection.on(new CustomerRegisteredEvent(CustomerId.newId(), "Tomás Ibarra", null, null, null, null, null, null),
                0, T0);
        projection.on(new CustomerRegisteredEvent(CustomerId.newId(), "Ramiro Olmedo", null, null, null, null, null, null),
                0, T0);
        for (CustomerListing.Limits limits : List.of(INTERSECTED, NEVER_INTERSECTED)) {
            for (String q : List.of("Ibarra Olmedo", "García Ibarra", "Olmedo Nadie")) {
                CustomerSummaryPage page = queries(limits).handle(search(q, 5));
                assertThat(page.items()).as(limits + " q=" + q).isEmpty();
                assertThat(page.total()).as(limits + " q=" + q).isZero();
                assertThat(page.next()).as(limits + " q=" + q).isNull();
            }
        }
    }

    @Test
    void aCommonWordWithARareOneFindsExactlyTheRareOnesMatchesCountedExactly() {
        List<UUID> expected = expected("García Zubizarreta", CustomerListSort.LAST_ACTIVITY_NEWEST, r -> true);
        assertThat(expected).isNotEmpty();
        for (CustomerListing.Limits limits : List.of(CustomerListing.Limits.DEFAULT, SMALL, NO_WALK)) {
            CustomerSummaryPage page = queries(limits).handle(search("García Zubizarreta", 50));
            assertThat(page.items()).extracting(summary -> summary.id().uuid()).containsExactlyElementsOf(expected);
            assertThat(page.total()).isEqualTo(expected.size());
            assertThat(page.totalIsLowerBound()).isFalse();
        }
    }

    @Test
    void aTotalIsExactUnderTheLimitAndSaidToBeALowerBoundAboveIt() {
        int garcias = expected("García", CustomerListSort.LAST_ACTIVITY_NEWEST, r -> true).size();
        assertThat(garcias).isGreaterThan(SMALL.fewCustomers());

        CustomerSummaryPage exact = queries(CustomerListing.Limits.DEFAULT).handle(search("García", 5));
        assertThat(exact.total()).isEqualTo(garcias);
        assertThat(exact.totalIsLowerBound()).isFalse();

        for (CustomerListing.Limits limits : List.of(SMALL, NO_WALK)) {
            CustomerSummaryPage bounded = queries(limits).handle(search("García", 5));
            assertThat(bounded.totalIsLowerBound()).as(limits.toString()).isTrue();
            // never more than there are, and at least the page and one more, since a next page exists
            assertThat(bounded.total()).as(limits.toString()).isBetween(6L, (long) garcias);
        }
        int zubizarretas = expected("Zubizarreta", CustomerListSort.LAST_ACTIVITY_NEWEST, r -> true).size();
        CustomerSummaryPage rare = queries(SMALL).handle(search("Zubizarreta", 2));
        assertThat(rare.total()).isEqualTo(zubizarretas);
        assertThat(rare.totalIsLowerBound()).isFalse();
    }

    /**
     * A search text is tried as an email and as name words at once: a customer matches by either. An email a
     * family shares is held by more customers than the intersection reads, so it is walked and counted like
     * a common word; under the limit, its holders are intersected with the name's holders' in the index.
     */
    @Test
    void aSharedEmailAndTheNameWordsOfTheSameTextFindEachOfTheirHoldersOnceEitherWay() {
        String shared = "familia.quispe@example.test";
        Set<UUID> expected = new HashSet<>();
        for (int n = 0; n < 12; n++) {
            CustomerId id = CustomerId.newId();
            projection.on(new CustomerRegisteredEvent(id, "Rosa Quispe " + n, shared, null, null, null, null, null), 0,
                    T0.plusSeconds(n));
            expected.add(id.uuid());
        }
        CustomerId named = CustomerId.newId();
        projection.on(new CustomerRegisteredEvent(named, "Familia Quispe Example Test", null, null, null, null, null,
                null), 0, T0);
        expected.add(named.uuid());
        projection.on(new CustomerRegisteredEvent(CustomerId.newId(), "Familia Example", "otra@example.test", null, null,
                null, null, null), 0, T0);

        for (CustomerListing.Limits limits : List.of(CustomerListing.Limits.DEFAULT, SMALL, NO_WALK, NEVER_INTERSECTED)) {
            for (int size : List.of(2, 5, 50)) {
                Set<UUID> seen = new HashSet<>();
                FetchCustomerSummariesQuery.Position after = null;
                do {
                    CustomerSummaryPage page = queries(limits).handle(new FetchCustomerSummariesQuery(shared,
                            Set.of(SearchKind.NAME_WORD, SearchKind.EMAIL), null, null,
                            CustomerListSort.LAST_ACTIVITY_NEWEST, after, 0, size, null, false));
                    page.items().forEach(summary -> assertThat(seen.add(summary.id().uuid()))
                            .as(limits + " size=" + size + " repeats " + summary.id()).isTrue());
                    if (page.totalIsLowerBound()) {
                        assertThat(page.total()).as(limits + " size=" + size).isBetween((long) page.items().size(), 13L);
                    } else {
                        assertThat(page.total()).as(limits + " size=" + size).isEqualTo(13);
                    }
                    after = page.next();
                } while (after != null);
                assertThat(seen).as(limits + " size=" + size).isEqualTo(expected);
            }
        }
        // over the intersection's limit the exact token is walked, and its total is a lower bound
        assertThat(queries(SMALL).handle(search(shared, 5)).totalIsLowerBound()).isTrue();
        assertThat(queries(CustomerListing.Limits.DEFAULT).handle(search(shared, 5)).totalIsLowerBound()).isFalse();
    }

    @Test
    void anErasedCustomerIsNoLongerFoundNorCounted() {
        CustomerViewQueries reads = queries(SMALL);
        List<CustomerId> ids = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            CustomerId id = CustomerId.newId();
            projection.on(new CustomerRegisteredEvent(id, "Lucía Quiroga", null, null, null, null, null, null), 0,
                    T0.plusSeconds(n));
            ids.add(id);
        }
        projection.on(new CustomerErasedEvent(ids.get(2), List.of()));

        CustomerSummaryPage page = reads.handle(search("Quiroga Lucía", 10));
        assertThat(page.items()).extracting(summary -> summary.id()).hasSize(5).doesNotContain(ids.get(2));
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.totalIsLowerBound()).isFalse();
        CustomerSummaryPage walked = queries(NEVER_INTERSECTED).handle(search("Quiroga Lucía", 10));
        assertThat(walked.items()).isEqualTo(page.items());
    }

    private static CustomerViewQueries queries(CustomerListing.Limits limits) {
        return new CustomerViewQueries(database.jdbc(), database.cipher(), database.keys(), limits);
    }

    private static FetchCustomerSummariesQuery search(String q, int size) {
        return FetchCustomerSummariesQuery.search(q, Set.of(SearchKind.NAME_WORD, SearchKind.EMAIL), size);
    }

    /** Every page by cursor, checked as it comes: a page never holds more than asked, nor a customer twice. */
    private static List<UUID> byCursor(CustomerViewQueries queries, String q, CustomerListSort sort, boolean agent,
                                       ConsentFilter consent, int matching, int size) {
        List<UUID> seen = new ArrayList<>();
        FetchCustomerSummariesQuery.Position after = null;
        do {
            CustomerSummaryPage page = queries.handle(new FetchCustomerSummariesQuery(q, Set.of(SearchKind.NAME_WORD),
                    null, consent, sort, after, 0, size, null, agent));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(size);
            page.items().forEach(summary -> seen.add(summary.id().uuid()));
            if (page.totalIsLowerBound()) {
                // never more than there are; at least the page, and one more when a next page exists
                assertThat(page.total()).isBetween((long) page.items().size() + (page.next() != null ? 1 : 0), (long) matching);
            } else {
                assertThat(page.total()).isEqualTo(matching);
            }
            after = page.next();
        } while (after != null);
        assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
        return seen;
    }

    private static List<UUID> byOffset(CustomerViewQueries queries, String q, CustomerListSort sort, boolean agent,
                                       ConsentFilter consent) {
        List<UUID> seen = new ArrayList<>();
        for (long offset = 0; ; offset += 9) {
            CustomerSummaryPage page = queries.handle(new FetchCustomerSummariesQuery(q, Set.of(SearchKind.NAME_WORD),
                    null, consent, sort, null, offset, 9, null, agent));
            page.items().forEach(summary -> seen.add(summary.id().uuid()));
            if (page.next() == null) {
                return seen;
            }
        }
    }

    /** The customers holding every word of the search, in the order asked for, worked out from the names registered. */
    private static List<UUID> expected(String q, CustomerListSort sort, Predicate<Registered> kept) {
        List<String> words = SearchTokens.words(q);
        List<Registered> matching = customers.values().stream()
                .filter(r -> SearchTokens.words(r.name()).containsAll(words)).filter(kept).toList();
        if (matching.isEmpty()) {
            return List.of();
        }
        if (sort.byName()) {
            Collator collator = Collator.getInstance(Locale.ROOT);
            collator.setStrength(Collator.PRIMARY);
            return matching.stream().sorted(Comparator.comparing(Registered::name, collator)
                    .thenComparing(r -> r.id().uuid())).map(r -> r.id().uuid()).toList();
        }
        String column = sort == CustomerListSort.CREATED_OLDEST ? "created_at ASC" : "last_activity_at DESC";
        return database.jdbc().queryForList("SELECT customer_id FROM customer_view WHERE customer_id = ANY (?::uuid[])"
                + " ORDER BY " + column + ", customer_id", UUID.class,
                (Object) matching.stream().map(r -> r.id().uuid()).toArray(UUID[]::new));
    }
}
