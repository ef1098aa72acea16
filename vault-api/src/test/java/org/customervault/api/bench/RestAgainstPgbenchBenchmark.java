package org.customervault.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.customervault.api.support.RunningVault;
import org.customervault.infra.postgres.EmbeddedPostgresServer;
import org.customervault.infra.postgres.SuperuserCredentials;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a CRM screen feels, measured through real HTTP over the loopback against one vault on its
 * embedded default (durable PostgreSQL), each figure set beside the machine's own limit for a
 * durable commit: pgbench's one-row INSERT against the same PostgreSQL, at the same client count.
 * <ul>
 *   <li>baseline: pgbench, 1 and 32 clients, synchronous commit on;</li>
 *   <li>{@code POST /api/v1/customers} with a full profile, 1 and 32 closed-loop clients;</li>
 *   <li>{@code PATCH} of one field (merge patch, with the customer's {@code If-Match}), 32 clients;</li>
 *   <li>the 360 view {@code GET /api/v1/customers/{id}} at a fixed offered rate (open model).</li>
 * </ul>
 * Everything runs as an AGENT, the CRM's role. Run with {@code -Pbenchmark}; it asserts nothing about
 * speed. Needs pgbench (Debian: {@code postgresql-client}) and fails at once, saying so, without it.
 */
@Tag("benchmark")
class RestAgainstPgbenchBenchmark {

    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup-seconds", 10));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 15));
    private static final Duration JIT_WARM_UP = Duration.ofSeconds(Long.getLong("bench.jit-warmup-seconds", 20));
    private static final int WARM_UP_CLIENTS = 8;
    private static final int PGBENCH_SECONDS = Integer.getInteger("bench.pgbench-seconds", 15);
    private static final Path PGBENCH = Path.of(System.getProperty("bench.pgbench", "/usr/bin/pgbench"));
    private static final int VIEW_RATE = Integer.getInteger("bench.view-rate", 500);
    private static final int ONE = 1;
    private static final int MANY = 32;
    private static final String AUTHORIZATION = RunningVault.basic(RunningVault.AGENT, RunningVault.PASSWORD);
    private static final Map<String, Object> QUIET = Map.of("logging.level.root", "WARN");

    /** A customer a client created and alone changes, with the version its last answer named. */
    private static final class Owned {
        final URI uri;
        String etag;

        Owned(URI uri, String etag) {
            this.uri = uri;
            this.etag = etag;
        }
    }

    private record Row(String scenario, String load, long requests, long errors, double perSecond, double p50,
                       double p99, double p999, double max, double baselineTps, MachineLoad.Share cores) {

        String markdown() {
            return String.format("| %s | %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.0f | %.2f | %s |", scenario, load,
                    requests, errors, perSecond, p50, p99, p999, max, baselineTps, perSecond / baselineTps, cores.describe());
        }
    }

    private static final String HEADER = """
            | scenario | load | requests | errors | req/s | p50 ms | p99 ms | p99.9 ms | max ms | pgbench tps, same clients | ÷ pgbench | cores busy |
            |---|---|---|---|---|---|---|---|---|---|---|---|""";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentLinkedQueue<Owned> created = new ConcurrentLinkedQueue<>();

    @TempDir
    Path root;

    @Test
    void restAgainstTheMachinesDurableCommit() throws Exception {
        Path pgbench = PgbenchBaseline.require(PGBENCH);
        String loadBefore = loadAverage();
        Instant began = Instant.now();
        Path dataDir = root.resolve("data");
        List<Row> rows = new ArrayList<>();
        String durability;
        String pgbenchVersion;
        try (RunningVault vault = RunningVault.start(dataDir, QUIET)) {
            PgbenchBaseline baseline = new PgbenchBaseline(pgbench,
                    SuperuserCredentials.read(dataDir.resolve(EmbeddedPostgresServer.CREDENTIALS_FILE)),
                    vault.superuserJdbc(), Files.createDirectories(root.resolve("pgbench")));
            pgbenchVersion = baseline.version();
            durability = baseline.durability();
            MachineLoad.Snapshot before = MachineLoad.now();
            PgbenchBaseline.Result baselineOne = baseline.run(ONE, PGBENCH_SECONDS);
            rows.add(baselineRow(baselineOne, before));
            before = MachineLoad.now();
            PgbenchBaseline.Result baselineMany = baseline.run(MANY, PGBENCH_SECONDS);
            rows.add(baselineRow(baselineMany, before));

            String base = vault.baseUrl();
            warmEveryPath(base);
            before = MachineLoad.now();
            rows.add(row(ClosedLoopDriver.run("POST full profile", ONE, WARM_UP, MEASURE, client -> register(base) != null),
                    baselineOne.tps(), before));
            Compilers.awaitIdle();
            before = MachineLoad.now();
            rows.add(row(ClosedLoopDriver.run("POST full profile", MANY, WARM_UP, MEASURE, client -> register(base) != null),
                    baselineMany.tps(), before));

            List<List<Owned>> owned = shareOut(new ArrayList<>(created), MANY);
            int[] next = new int[MANY];
            vault.awaitReadModels();
            Compilers.awaitIdle();
            before = MachineLoad.now();
            rows.add(row(ClosedLoopDriver.run("PATCH one field, If-Match", MANY, WARM_UP, MEASURE,
                    client -> rectifyPhone(owned.get(client).get(next[client]++ % owned.get(client).size()))),
                    baselineMany.tps(), before));

            List<URI> views = created.stream().map(customer -> customer.uri).toList();
            vault.awaitReadModels();
            Compilers.awaitIdle();
            LoadDriver reads = new LoadDriver(AUTHORIZATION);
            Random random = new Random(42);
            IntFunction<URI> view = i -> views.get(random.nextInt(views.size()));
            reads.run("warm-up 360 view", VIEW_RATE, WARM_UP, view);
            before = MachineLoad.now();
            LoadDriver.Result viewed = reads.run("360 view", VIEW_RATE, MEASURE, view);
            rows.add(new Row("GET 360 view", VIEW_RATE + " req/s offered, open model", viewed.requests(),
                    viewed.errors(), viewed.requests() / viewed.seconds(), millis(viewed, 50), millis(viewed, 99),
                    millis(viewed, 99.9), viewed.latencies().getMaxValue() / 1e6, baselineMany.tps(),
                    MachineLoad.between(before, MachineLoad.now())));
        }

        StringBuilder report = new StringBuilder(String.format(
                "REST against pgbench on the vault's own PostgreSQL (%s; %s), started %s, role AGENT over HTTP/1.1 on the loopback; "
                        + "pgbench %d s per client count; REST warm-up %d s, measured %d s per scenario; cores: %d, max heap: %d MiB; "
                        + "load average before: %s, after: %s%n%n",
                durability, pgbenchVersion, began, PGBENCH_SECONDS, WARM_UP.toSeconds(), MEASURE.toSeconds(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1 << 20),
                loadBefore, loadAverage()));
        report.append(HEADER).append('\n');
        rows.forEach(row -> report.append(row.markdown()).append('\n'));
        report.append("\n÷ pgbench: req/s divided by pgbench's tps at the same client count; the open-model 360 view "
                + "is set against 32 clients. cores busy: all cores' busy time while the row ran (a closed-loop row's warm-up "
                + "included) and this JVM's part of it; the rest is PostgreSQL, pgbench and every other process.\n");
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "rest-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertThat(rows).allSatisfy(row -> assertThat(row.requests()).isPositive());
    }

    /**
     * Compiles the hot code of every path before any row counts: a cold JVM took seconds for its first
     * registrations, longer than a short warm-up. A client registers a customer, changes it twice and reads it.
     */
    private void warmEveryPath(String base) throws Exception {
        ClosedLoopDriver.run("JIT warm-up", WARM_UP_CLIENTS, Duration.ZERO, JIT_WARM_UP, client -> {
            Owned customer = register(base);
            if (customer == null) {
                return false;
            }
            return rectifyPhone(customer) && rectifyPhone(customer) && http.send(HttpRequest.newBuilder(customer.uri).header("Authorization", AUTHORIZATION).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
        Compilers.awaitIdle();
    }

    /**
     * A full profile, different in every request, as an agent's new-customer form sends it; the customer
     * created, also kept for the later scenarios, or null if the answer was not 201.
     */
    private Owned register(String base) throws IOException, InterruptedException {
        long n = sequence.incrementAndGet();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String body = """
                {"fullName": "Lucía Fernández Bench%d", "email": "lucia.fernandez.%d@example.com", "phone": "+54911%08d",
                 "nationalId": "DNI-%d", "birthDate": "%s",
                 "address": {"line1": "Avenida Corrientes %d", "line2": "Piso %d", "city": "Buenos Aires",
                             "region": "CABA", "postalCode": "C1043", "country": "AR"},
                 "preferences": {"language": "es-AR", "channels": ["EMAIL", "SMS"]}}"""
                .formatted(n, n, n % 100_000_000, 20_000_000 + n, LocalDate.of(1950, 1, 1).plusDays(random.nextInt(20_000)),
                        1 + n % 5_000, 1 + n % 30);
        HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/customers"))
                .header("Authorization", AUTHORIZATION).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() != 201) {
            return null;
        }
        Owned customer = new Owned(URI.create(base).resolve(answer.headers().firstValue("Location").orElseThrow()),
                answer.headers().firstValue("ETag").orElseThrow());
        created.add(customer);
        return customer;
    }

    /**
     * One field changed with the version this client last saw, as an edit form sends it. Each client
     * changes only its own customers, so a 412 here would be the vault's error, not a race between clients;
     * the tag is read again then, outside the measurement's intent but inside its time.
     */
    private boolean rectifyPhone(Owned customer) throws IOException, InterruptedException {
        HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(customer.uri)
                .header("Authorization", AUTHORIZATION).header("Content-Type", "application/merge-patch+json")
                .header("If-Match", customer.etag)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"phone\": \"+54911" + String.format("%08d", sequence.incrementAndGet() % 100_000_000) + "\"}"))
                .build(), HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200 || answer.statusCode() == 202) {
            customer.etag = answer.headers().firstValue("ETag").orElseThrow();
            return true;
        }
        if (answer.statusCode() == 412) {
            customer.etag = http.send(HttpRequest.newBuilder(customer.uri).header("Authorization", AUTHORIZATION).build(),
                    HttpResponse.BodyHandlers.discarding()).headers().firstValue("ETag").orElseThrow();
        }
        return false;
    }

    private static List<List<Owned>> shareOut(List<Owned> customers, int clients) {
        assertThat(customers).as("customers registered to change").hasSizeGreaterThanOrEqualTo(clients);
        List<List<Owned>> shares = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < customers.size(); i++) {
            shares.get(i % clients).add(customers.get(i));
        }
        return shares;
    }

    private static Row baselineRow(PgbenchBaseline.Result result, MachineLoad.Snapshot before) {
        return new Row("pgbench, one-row INSERT, synchronous commit", clients(result.clients()), result.transactions(),
                result.failed(), result.tps(), result.millis(50), result.millis(99), result.millis(99.9),
                result.latencies().getMaxValue() / 1e6, result.tps(), MachineLoad.between(before, MachineLoad.now()));
    }

    /** A closed-loop row; its cores' share spans the row's warm-up too, which loads them alike. */
    private static Row row(ClosedLoopDriver.Result result, double baselineTps, MachineLoad.Snapshot before) {
        return new Row(result.scenario(), clients(result.clients()) + ", closed loop",
                result.requests(), result.errors(), result.perSecond(), result.millis(50), result.millis(99),
                result.millis(99.9), result.latencies().getMaxValue() / 1e6, baselineTps,
                MachineLoad.between(before, MachineLoad.now()));
    }

    private static String clients(int count) {
        return count + (count == 1 ? " client" : " clients");
    }

    private static double millis(LoadDriver.Result result, double percentile) {
        return result.latencies().getValueAtPercentile(percentile) / 1e6;
    }

    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? String.join(" ", List.of(Files.readString(loadavg).split(" ")).subList(0, 3)) : "unknown";
    }
}
