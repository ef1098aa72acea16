package org.customervault.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDir;

    @Test
    void runsDurablyAndKeepsDataAcrossRestarts() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
                assertThat(show(statement, "fsync")).isEqualTo("on");
                assertThat(show(statement, "synchronous_commit")).isEqualTo("on");
                statement.execute("CREATE TABLE kept (value TEXT)");
                statement.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
             Connection connection = connect(server); Statement statement = connection.createStatement()) {
            ResultSet rows = statement.executeQuery("SELECT value FROM kept");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void recoversAfterTheJvmThatRanItWasKilled() throws Exception {
        Process killedJvm = new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                StartAndWait.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(killedJvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null && !line.equals(StartAndWait.READY)) {
                // skip the child's log lines until it reports the server is up
            }
        }
        killedJvm.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(Files.exists(dataDir.resolve("pg").resolve("postmaster.pid"))).isTrue();

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
             Connection connection = connect(server); Statement statement = connection.createStatement()) {
            ResultSet rows = statement.executeQuery("SELECT count(*) FROM written_before_the_kill");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void nobodyConnectsWithoutAPassword() {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            for (String user : List.of(SuperuserCredentials.USER, server.username())) {
                assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), user, "").close())
                        .as(user).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), user, "guess").close())
                        .as(user).isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void theVaultsRoleIsNoSuperuserAndCannotReachServerFiles() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
             Connection connection = connect(server); Statement statement = connection.createStatement()) {
            ResultSet role = statement.executeQuery(
                    "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user");
            role.next();
            assertThat(List.of(role.getBoolean(1), role.getBoolean(2), role.getBoolean(3))).containsOnly(false);

            for (String attempt : List.of(
                    "SELECT pg_read_file('postgresql.conf')",
                    "SELECT pg_ls_dir('.')",
                    "COPY (SELECT 1) TO PROGRAM 'id'",
                    "COPY (SELECT 1) TO '/tmp/vault-role-wrote-this'",
                    "CREATE ROLE intruder SUPERUSER",
                    "ALTER SYSTEM SET listen_addresses = '*'")) {
                assertThatThrownBy(() -> statement.execute(attempt)).as(attempt)
                        .isInstanceOfSatisfying(SQLException.class,
                                refused -> assertThat(refused.getSQLState()).isEqualTo("42501"));
            }
        }
    }

    /** A data directory of an earlier version: trust for everyone, the superuser owning every table. */
    @Test
    void closesAndTakesOverADataDirectoryOfAnEarlierVersion() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            SuperuserCredentials superuser = SuperuserCredentials.read(dataDir.resolve(EmbeddedPostgresServer.CREDENTIALS_FILE));
            try (Connection connection = DriverManager.getConnection(superuser.jdbcUrl(), superuser.user(), superuser.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE from_before (id BIGSERIAL PRIMARY KEY, value TEXT)");
                statement.execute("INSERT INTO from_before (value) VALUES ('kept')");
                statement.execute("ALTER DATABASE vault OWNER TO postgres");
                statement.execute("ALTER SCHEMA public OWNER TO postgres");
            }
        }
        Files.writeString(dataDir.resolve("pg/pg_hba.conf"), "host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n");
        Files.delete(dataDir.resolve(EmbeddedPostgresServer.CREDENTIALS_FILE));

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
             Connection connection = connect(server); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), SuperuserCredentials.USER, "").close())
                    .isInstanceOf(SQLException.class);
            ResultSet kept = statement.executeQuery("SELECT value FROM from_before");
            assertThat(kept.next()).isTrue();
            assertThat(kept.getString(1)).isEqualTo("kept");
            statement.execute("TRUNCATE from_before");
            statement.execute("INSERT INTO from_before (value) VALUES ('the vault owns its tables')");
            statement.execute("CREATE TABLE after (id BIGINT)");
        }
    }

    @Test
    void theOperatorConnectsAsTheSuperuserWithTheCredentialsFile() throws Exception {
        assumeTrue(onPath("psql"), "needs psql");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            Path credentials = dataDir.resolve(EmbeddedPostgresServer.CREDENTIALS_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");

            Result result = run("bash", "-c", "set -a; . '" + credentials + "'; set +a; psql -At -c 'SELECT current_user'");

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output().strip()).isEqualTo(SuperuserCredentials.USER);
        }
    }

    /** The attack that worked before: another OS user on the host, with psql, and no password. */
    @Test
    void anotherOsUserIsRefusedOverTcpAndOverTheSocket() throws Exception {
        assumeTrue(onPath("psql") && onPath("runuser") && "root".equals(System.getProperty("user.name")),
                "needs psql, and root to act as another user");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            Path pgData = dataDir.resolve("pg").toAbsolutePath();
            String tcp = "host=localhost port=" + server.port() + " user=postgres dbname=vault";
            String socket = "host=" + pgData + " port=" + server.port() + " user=postgres dbname=vault";
            // /tmp is where a socket would be by default: it must not be there either
            String defaultSocket = "host=/tmp port=" + server.port() + " user=postgres dbname=vault";

            Map<String, String> refusals = Map.of(
                    tcp, "no password supplied",
                    socket, "Permission denied",
                    defaultSocket, "No such file or directory");
            refusals.forEach((target, why) -> {
                Result attempt = run("runuser", "-u", "nobody", "--", "psql", "-w", target,
                        "-c", "SELECT pg_read_file('postgresql.conf')");
                assertThat(attempt.exitCode()).as(target + ": " + attempt.output()).isNotZero();
                assertThat(attempt.output()).as(target).contains(why).doesNotContain("listen_addresses");
            });
            assertThat(Files.exists(pgData.resolve(".s.PGSQL." + server.port()))).as("the socket is in the data directory").isTrue();
            assertThat(run("runuser", "-u", "nobody", "--", "cat",
                    dataDir.resolve(EmbeddedPostgresServer.CREDENTIALS_FILE).toString()).exitCode()).isNotZero();
        }
    }

    private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
    }

    private static String show(Statement statement, String setting) throws SQLException {
        ResultSet result = statement.executeQuery("SHOW " + setting);
        result.next();
        return result.getString(1);
    }

    private static boolean onPath(String command) throws Exception {
        return run("sh", "-c", "command -v " + command).exitCode() == 0;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs in a child JVM that the test kills without letting it stop PostgreSQL. */
    public static final class StartAndWait {
        static final String READY = "EMBEDDED-POSTGRES-READY";

        public static void main(String[] args) throws Exception {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
            try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE written_before_the_kill (value TEXT)");
                statement.execute("INSERT INTO written_before_the_kill VALUES ('x')");
            }
            System.out.println(READY);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
