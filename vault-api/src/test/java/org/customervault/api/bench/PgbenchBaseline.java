package org.customervault.api.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.customervault.infra.postgres.SuperuserCredentials;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the vault's PostgreSQL can commit durably on this machine at this moment: pgbench, against
 * the very server the vault uses, running a one-row INSERT per transaction with synchronous commit
 * on. A durable REST write needs at least one such commit, so no REST write rate at the same client
 * count can beat it for long; the ratio to it says how much of the machine's limit the API reaches.
 */
final class PgbenchBaseline {

    static final String INSTALL_HINT = "pgbench not found at %s: the REST benchmark compares itself with pgbench "
            + "against the vault's own PostgreSQL. Install it with `apt-get install postgresql-client` (Debian's "
            + "package, which also brings psql), or point -Dbench.pgbench=/path/to/pgbench at one.";

    /** Half a kilobyte: the WAL record carries a body, as a stored event's does, rather than an empty row. */
    private static final int PAYLOAD_BYTES = 512;
    private static final String TABLE = "bench_pgbench_scratch";
    private static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS bench_pgbench_scratch (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                payload text NOT NULL,
                stored_at timestamptz NOT NULL DEFAULT now())
            """;
    private static final String SCRIPT = """
            INSERT INTO bench_pgbench_scratch (payload) VALUES (repeat('x', %d));
            """.formatted(PAYLOAD_BYTES);
    private static final Pattern TPS = Pattern.compile("^tps = ([0-9.]+) \\(without initial connection time\\)", Pattern.MULTILINE);
    private static final Pattern LATENCY = Pattern.compile("^latency average = ([0-9.]+) ms", Pattern.MULTILINE);
    private static final Pattern FAILED = Pattern.compile("^number of failed transactions: (\\d+)", Pattern.MULTILINE);

    record Result(int clients, int seconds, double tps, double averageMillis, long transactions, long failed,
                  Histogram latencies) {

        double millis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1e6;
        }
    }

    private final Path pgbench;
    private final SuperuserCredentials superuser;
    private final JdbcTemplate superuserJdbc;
    private final Path workDirectory;

    /** Fails, saying how to install it, if there is no pgbench to run: called before anything slow starts. */
    static Path require(Path pgbench) {
        if (!Files.isExecutable(pgbench)) {
            throw new IllegalStateException(INSTALL_HINT.formatted(pgbench));
        }
        return pgbench;
    }

    PgbenchBaseline(Path pgbench, SuperuserCredentials superuser, JdbcTemplate superuserJdbc, Path workDirectory) {
        this.pgbench = pgbench;
        this.superuser = superuser;
        this.superuserJdbc = superuserJdbc;
        this.workDirectory = workDirectory;
    }

    String version() throws IOException, InterruptedException {
        return run(List.of(pgbench.toString(), "--version")).strip();
    }

    /** The server's durability settings, read as the superuser pgbench connects as; the baseline means nothing without them on. */
    String durability() {
        return "fsync=" + superuserJdbc.queryForObject("SHOW fsync", String.class)
                + ", synchronous_commit=" + superuserJdbc.queryForObject("SHOW synchronous_commit", String.class)
                + ", server " + superuserJdbc.queryForObject("SHOW server_version", String.class);
    }

    Result run(int clients, int seconds) throws IOException, InterruptedException {
        superuserJdbc.execute(CREATE_TABLE);
        Path runDirectory = Files.createTempDirectory(workDirectory, "pgbench-" + clients + "-");
        Path script = Files.writeString(runDirectory.resolve("insert-one-row.sql"), SCRIPT);
        int threads = Math.min(clients, Runtime.getRuntime().availableProcessors());
        try {
            String output = run(List.of(pgbench.toString(), "--no-vacuum", "--protocol=prepared",
                    "--client=" + clients, "--jobs=" + threads, "--time=" + seconds,
                    "--file=" + script, "--log", "--log-prefix=" + runDirectory.resolve("latency")));
            Histogram latencies = latencies(runDirectory);
            return new Result(clients, seconds, number(TPS, output), number(LATENCY, output), latencies.getTotalCount(),
                    FAILED.matcher(output).find() ? (long) number(FAILED, output) : 0, latencies);
        } finally {
            superuserJdbc.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }

    /**
     * pgbench prints only the average; its per-transaction log ({@code --log}, one file per thread,
     * the fourth field the latency in microseconds) gives the percentiles.
     */
    private static Histogram latencies(Path runDirectory) throws IOException {
        Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        try (Stream<Path> logs = Files.list(runDirectory)) {
            for (Path log : logs.filter(file -> file.getFileName().toString().startsWith("latency")).toList()) {
                try (Stream<String> lines = Files.lines(log)) {
                    lines.forEach(line -> latencies.recordValue(
                            TimeUnit.MICROSECONDS.toNanos(Long.parseLong(line.split(" ")[2]))));
                }
            }
        }
        return latencies;
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        // the password through the environment, never on a command line that ps shows
        environment.put("PGHOST", superuser.host());
        environment.put("PGPORT", Integer.toString(superuser.port()));
        environment.put("PGUSER", superuser.user());
        environment.put("PGPASSWORD", superuser.password());
        environment.put("PGDATABASE", superuser.database());
        // the server's default already, set again so that no configuration change can weaken the baseline unseen
        environment.put("PGOPTIONS", "-c synchronous_commit=on");
        Process process = builder.start();
        // pgbench ends by itself after --time; its output is read to the end before it exits
        byte[] output = process.getInputStream().readAllBytes();
        process.waitFor();
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("pgbench failed (exit " + process.exitValue() + "):\n" + text);
        }
        return text;
    }

    private static double number(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("pgbench's output has no " + pattern.pattern() + ":\n" + output);
        }
        return Double.parseDouble(matcher.group(1));
    }
}
