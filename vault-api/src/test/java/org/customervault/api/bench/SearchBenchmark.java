package org.customervault.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.api.CustomerListSort;
import org.customervault.domain.customer.api.FetchCustomerSummariesQuery;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.customervault.domain.customer.api.SearchKind;
import org.customervault.projections.customer.CustomerViewQueries;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The CRM's search on a realistic name distribution ({@link SpanishNames}: 100,000 customers by
 * default, García in about 17,000 names), as an AGENT, through the real HTTP client over the loopback
 * at a fixed rate offered: one common word, two common words, and a rare word; and, apart, the query
 * alone one at a time (no HTTP, security nor access log), to tell the search's cost from the rest. Run with
 * {@code -Pbenchmark -Dtest=SearchBenchmark}; not part of the test suite, and it asserts nothing about
 * speed. Each scenario's total and whether it is a lower bound are printed once beside its row.
 */
@Tag("benchmark")
class SearchBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("bench.search-customers", 100_000);
    private static final int RATE = Integer.getInteger("bench.search-rate", 200);
    private static final int PAGE = Integer.getInteger("bench.search-page-size", 20);
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup-seconds", 10));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 30));

    private static final int QUERIES_ALONE = 500;
    /** The tables a search reads. */
    private static final List<String> READ_TABLES = List.of("customer_view", "customer_search", "customer_consent",
            "customer_objection");

    @TempDir
    Path root;

    @Test
    void searchByCommonWordsUnderSteadyLoad() throws Exception {
        try (RunningVault vault = RunningVault.start(root.resolve("data"), Map.of("logging.level.root", "WARN",
                "vault.security.rate-limits.searches.limit", Integer.MAX_VALUE))) {
            SpanishNames names = new SpanishNames(42);
            long seeding = System.nanoTime();
            Seeder.register(vault, CUSTOMERS, (id, n) -> new RegisterCustomerCommand(id, names.next(),
                    "customer" + n + "@example.com", "+54911" + String.format("%08d", n), null, null, null, null));
            double seeded = (System.nanoTime() - seeding) / 1e9;
            JdbcTemplate superuser = vault.superuserJdbc();
            superuser.execute("CREATE EXTENSION IF NOT EXISTS pg_visibility");
            String visibleAfterSeeding = visibility(superuser);
            // an index-only scan reads the table for every page not marked all-visible, and autovacuum may not have come by yet
            superuser.execute("VACUUM (ANALYZE) " + String.join(", ", READ_TABLES));
            String visibleAfterVacuum = visibility(superuser);
            String base = vault.baseUrl();
            LoadDriver driver = new LoadDriver("Basic " + Base64.getEncoder()
                    .encodeToString((RunningVault.AGENT + ":" + RunningVault.PASSWORD).getBytes(StandardCharsets.UTF_8)));
            record Scenario(String name, String q) {
            }
            List<Scenario> scenarios = List.of(new Scenario("one common word", "García"),
                    new Scenario("two common words", "María García"), new Scenario("a rare word", "Carrizo"));
            StringBuilder words = new StringBuilder();
            CustomerViewQueries queries = vault.bean(CustomerViewQueries.class);
            for (Scenario scenario : scenarios) {
                RunningVault.Response first = vault.get(RunningVault.AGENT, search(scenario.q()));
                // the query alone, one at a time, without HTTP, security or the access log: what the search itself costs
                FetchCustomerSummariesQuery query = new FetchCustomerSummariesQuery(scenario.q(),
                        Set.of(SearchKind.NAME_WORD), null, null, CustomerListSort.LAST_ACTIVITY_NEWEST, null, 0, PAGE,
                        null, true);
                Histogram alone = new Histogram(3);
                for (int i = 0; i < QUERIES_ALONE; i++) {
                    long started = System.nanoTime();
                    queries.handle(query);
                    alone.recordValue(System.nanoTime() - started);
                }
                words.append("- ").append(scenario.name()).append(" (q=").append(scenario.q()).append("): matches ")
                        .append(first.json().path("totalIsLowerBound").asBoolean(false) ? "at least " : "")
                        .append(first.json().get("total"))
                        .append(String.format("; the query alone, %d one after another: p50 %.2f ms, p99 %.2f ms",
                                QUERIES_ALONE, alone.getValueAtPercentile(50) / 1e6, alone.getValueAtPercentile(99) / 1e6))
                        .append('\n');
            }
            driver.run("warm-up", RATE / 2, WARM_UP, uri(base, scenarios.get(0).q()));
            List<LoadDriver.Result> results = new ArrayList<>();
            for (Scenario scenario : scenarios) {
                results.add(driver.run("search page of " + PAGE + ", " + scenario.name(), RATE, MEASURE,
                        uri(base, scenario.q())));
            }
            StringBuilder table = new StringBuilder(LoadDriver.HEADER).append('\n');
            results.forEach(result -> table.append(result.row()).append('\n'));
            String report = "customers: " + CUSTOMERS + " (seeded in " + Math.round(seeded) + " s), role AGENT, warm-up "
                    + WARM_UP.toSeconds() + " s, measured " + MEASURE.toSeconds() + " s per scenario, cores: "
                    + Runtime.getRuntime().availableProcessors() + ", max heap: "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB\npages all-visible after seeding: "
                    + visibleAfterSeeding + "; after VACUUM (ANALYZE): " + visibleAfterVacuum + "\n" + words + "\n" + table;
            System.out.println(report);
            Path out = Path.of("target", "benchmarks", "search-benchmark.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            assertThat(results).allSatisfy(result -> assertThat(result.requests()).isPositive());
        }
    }

    /** Each read table's pages marked all-visible in its visibility map, of all its pages. */
    private static String visibility(JdbcTemplate superuser) {
        return String.join(", ", superuser.queryForList("""
                SELECT t.name || ' ' || v.all_visible || '/' || pg_relation_size(t.name::regclass) / current_setting('block_size')::int
                FROM unnest(?::text[]) WITH ORDINALITY AS t(name, n), pg_visibility_map_summary(t.name::regclass) v
                ORDER BY t.n""", String.class, (Object) READ_TABLES.toArray(String[]::new)));
    }

    private static String search(String q) {
        return "/api/v1/customers?size=" + PAGE + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    private static IntFunction<URI> uri(String base, String q) {
        URI uri = URI.create(base + search(q));
        return i -> uri;
    }
}
