package org.customervault.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDir;

    @Test
    void runsDurablyAndKeepsDataAcrossRestarts() throws Exception {
        Path pgData = dataDir.resolve("pg");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(pgData)) {
            try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
                assertThat(show(statement, "fsync")).isEqualTo("on");
                assertThat(show(statement, "synchronous_commit")).isEqualTo("on");
                statement.execute("CREATE TABLE kept (value TEXT)");
                statement.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(pgData);
             Connection connection = connect(server); Statement statement = connection.createStatement()) {
            ResultSet rows = statement.executeQuery("SELECT value FROM kept");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void recoversAfterTheJvmThatRanItWasKilled() throws Exception {
        Path pgData = dataDir.resolve("pg");
        Process killedJvm = new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                StartAndWait.class.getName(), pgData.toString())
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
        assertThat(Files.exists(pgData.resolve("postmaster.pid"))).isTrue();

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(pgData);
             Connection connection = connect(server); Statement statement = connection.createStatement()) {
            ResultSet rows = statement.executeQuery("SELECT count(*) FROM written_before_the_kill");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.username(), "");
    }

    private static String show(Statement statement, String setting) throws SQLException {
        ResultSet result = statement.executeQuery("SHOW " + setting);
        result.next();
        return result.getString(1);
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
