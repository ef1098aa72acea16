package org.customervault.api.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.customervault.api.support.RunningVault;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.FieldUpdate;
import org.customervault.domain.customer.api.RectifyCustomerCommand;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable appends (PostgreSQL with fsync and synchronous_commit on), with personal fields encrypted
 * and, in the same run, with encryption switched off ({@link PlainEventsConfiguration}): closed-loop
 * clients (1, 8, 32) each register a customer and rectify its phone three times, over and over,
 * through the command gateway and through the REST API. A REST write answers once the CRM read model
 * shows it, so its latency includes the projection. Run with {@code -Pbenchmark}; it asserts nothing
 * about speed.
 */
@Tag("benchmark")
class AppendBenchmark {

    private static final int SECONDS = Integer.getInteger("bench.seconds", 5);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup-seconds", 3);
    private static final int[] CLIENTS = Arrays.stream(System.getProperty("bench.clients", "1,8,32").split(","))
            .mapToInt(Integer::parseInt).toArray();
    private static final List<String> PATHS = List.of(System.getProperty("bench.paths", "gateway,REST").split(","));
    private static final int RECTIFICATIONS_PER_CUSTOMER = 3;
    private static final int JIT_WARMUP_SECONDS = Integer.getInteger("bench.jit-warmup-seconds", 15);
    private static final int WARMUP_CLIENTS = 8;
    private static final Map<String, Object> QUIET = Map.of("logging.level.root", "WARN");

    private record Measured(long commands, double seconds, Histogram latencies) {

        static Measured together(List<Measured> rounds) {
            Histogram all = new Histogram(rounds.get(0).latencies().getHighestTrackableValue(), 3);
            rounds.forEach(round -> all.add(round.latencies()));
            return new Measured(rounds.stream().mapToLong(Measured::commands).sum(),
                    rounds.stream().mapToDouble(Measured::seconds).sum(), all);
        }

        double perSecond() {
            return commands / seconds;
        }

        double millis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1e6;
        }
    }

    /** A row's rounds for both vaults, measured alternately. */
    private record Row(List<Measured> encrypted, List<Measured> plain) {

        DoubleSummaryStatistics roundRatios() {
            return IntStream.range(0, encrypted.size())
                    .mapToDouble(round -> encrypted.get(round).perSecond() / plain.get(round).perSecond()).summaryStatistics();
        }
    }

    private interface Client {
        CustomerId register(int client, long n) throws Exception;

        void rectifyPhone(CustomerId customer, long n) throws Exception;
    }

    @TempDir
    Path root;

    @Test
    void durableAppendsEncryptedAndPlain() throws Exception {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (RunningVault withCrypto = RunningVault.start(root.resolve("encrypted"), QUIET);
             RunningVault without = RunningVault.start(root.resolve("plain"), QUIET, PlainEventsConfiguration.class)) {
            // Both run in this one JVM: warm its compiled code on both, through every path, before
            // any row counts, then measure each row in rounds that alternate which vault goes first
            // (encrypted, plain; plain, encrypted; ...), so neither gains from its place in time.
            for (String path : PATHS) {
                warm(client(withCrypto, path));
                warm(client(without, path));
            }
            for (String path : PATHS) {
                for (int clients : CLIENTS) {
                    Row row = new Row(new ArrayList<>(), new ArrayList<>());
                    for (int round = 0; round < ROUNDS; round++) {
                        if (round % 2 == 0) {
                            row.encrypted().add(measureRound(withCrypto, without, path, clients));
                            row.plain().add(measureRound(without, withCrypto, path, clients));
                        } else {
                            row.plain().add(measureRound(without, withCrypto, path, clients));
                            row.encrypted().add(measureRound(withCrypto, without, path, clients));
                        }
                    }
                    rows.put(path + " | " + clients, row);
                }
            }
            PlainEventsConfiguration.requireStored(withCrypto, true);
            PlainEventsConfiguration.requireStored(without, false);
        }
        StringBuilder report = new StringBuilder(String.format(
                "durable appends, %d rounds of %d s per row and vault after %d s warm-up each (JVM warmed per mode and path: %d s, then 1 client until compiled), cores: %d%n%n"
                        + "| path | clients | encrypted cmd/s | p50 ms | p99 ms | plain cmd/s | p50 ms | p99 ms | encrypted/plain | rounds' ratios |%n"
                        + "|---|---|---|---|---|---|---|---|---|---|%n", ROUNDS, SECONDS, WARMUP_SECONDS, JIT_WARMUP_SECONDS,
                Runtime.getRuntime().availableProcessors()));
        rows.forEach((name, row) -> {
            Measured withCrypto = Measured.together(row.encrypted());
            Measured without = Measured.together(row.plain());
            DoubleSummaryStatistics rounds = row.roundRatios();
            report.append(String.format("| %s | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %.2f–%.2f |%n", name,
                    withCrypto.perSecond(), withCrypto.millis(50), withCrypto.millis(99),
                    without.perSecond(), without.millis(50), without.millis(99), withCrypto.perSecond() / without.perSecond(),
                    rounds.getMin(), rounds.getMax()));
        });
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "append-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    /**
     * No round pays for projecting what an earlier one, or the other vault, stored, nor for compiling
     * what an earlier one made hot.
     */
    private static Measured measureRound(RunningVault vault, RunningVault other, String path, int clients) throws Exception {
        other.awaitReadModels();
        vault.awaitReadModels();
        Compilers.awaitIdle();
        return measure(client(vault, path), clients, SECONDS);
    }

    private static Client client(RunningVault vault, String path) {
        return "REST".equals(path) ? rest(vault) : gateway(vault);
    }

    /**
     * Warms the JVM's compiled code for one vault: first under the warm-up load, then with a single
     * client until the JIT compilers have caught up. While the load saturates both cores the compilers
     * get a small share of them, and requests that wait too long in their queue are dropped: the hot
     * path keeps running as profiled C1 code and is compiled by C2 only once a core is idle. Before
     * this second phase, a profile of the 1-client row showed C2 compiling about 800 hot methods for
     * the first time during it, a whole core busy for most of the row.
     */
    private static void warm(Client client) throws Exception {
        measure(client, WARMUP_CLIENTS, JIT_WARMUP_SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Compilers.WAIT_SECONDS);
        long compilingMillisPerSecond;
        do {
            long compiledBefore = Compilers.compiledMillis();
            long began = System.nanoTime();
            measure(client, 1, 1);
            compilingMillisPerSecond = (Compilers.compiledMillis() - compiledBefore) * TimeUnit.SECONDS.toNanos(1) / (System.nanoTime() - began);
        } while (compilingMillisPerSecond > Compilers.IDLE_MILLIS_PER_SECOND && System.nanoTime() < deadline);
    }

    private static Measured measure(Client client, int clients, int seconds) throws Exception {
        Histogram latencies = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong commands = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int clientNumber = c;
            running.add(pool.submit(() -> {
                long n = 0;
                while (System.nanoTime() < end) {
                    long began = System.nanoTime();
                    CustomerId customer = client.register(clientNumber, n++);
                    record(began, measureFrom, latencies, commands);
                    for (int r = 0; r < RECTIFICATIONS_PER_CUSTOMER && System.nanoTime() < end; r++) {
                        began = System.nanoTime();
                        client.rectifyPhone(customer, n++);
                        record(began, measureFrom, latencies, commands);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        pool.shutdown();
        return new Measured(commands.get(), seconds, latencies);
    }

    private static void record(long began, long measureFrom, Histogram latencies, AtomicLong commands) {
        if (began >= measureFrom) {
            latencies.recordValue(System.nanoTime() - began);
            commands.incrementAndGet();
        }
    }

    private static Client gateway(RunningVault vault) {
        CommandGateway commands = vault.bean(CommandGateway.class);
        return new Client() {
            @Override
            public CustomerId register(int client, long n) {
                CustomerId id = CustomerId.newId();
                commands.sendAndWait(new RegisterCustomerCommand(id, "Bench Client" + client + " N" + n,
                        "bench" + client + "." + n + "@example.com", "+5491100000000", "ID-" + client + "-" + n, null, null, null));
                return id;
            }

            @Override
            public void rectifyPhone(CustomerId customer, long n) {
                commands.sendAndWait(new RectifyCustomerCommand(customer, null, null,
                        FieldUpdate.to("+54911" + String.format("%08d", n % 100_000_000)), null, null, null, null));
            }
        };
    }

    private static Client rest(RunningVault vault) {
        HttpClient http = HttpClient.newHttpClient();
        String authorization = "Basic " + Base64.getEncoder().encodeToString(
                (RunningVault.AGENT + ":" + RunningVault.PASSWORD).getBytes(StandardCharsets.UTF_8));
        return new Client() {
            @Override
            public CustomerId register(int client, long n) throws Exception {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(vault.baseUrl() + "/api/v1/customers"))
                        .header("Authorization", authorization).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"fullName\": \"Bench Rest" + client + " N" + n
                                + "\", \"email\": \"rest" + client + "." + n + "@example.com\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("registration answered " + response.statusCode());
                }
                String location = response.headers().firstValue("Location").orElseThrow();
                return CustomerId.of(location.substring(location.lastIndexOf('/') + 1));
            }

            @Override
            public void rectifyPhone(CustomerId customer, long n) throws Exception {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                                URI.create(vault.baseUrl() + "/api/v1/customers/" + customer.value()))
                        .header("Authorization", authorization).header("Content-Type", "application/merge-patch+json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(
                                "{\"phone\": \"+54911" + String.format("%08d", n % 100_000_000) + "\"}")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200 && response.statusCode() != 202) {
                    throw new IllegalStateException("rectification answered " + response.statusCode());
                }
            }
        };
    }
}
