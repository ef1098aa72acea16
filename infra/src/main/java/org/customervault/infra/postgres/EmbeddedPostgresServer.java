package org.customervault.infra.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL run from the application's own jar, keeping its data under one directory
 * across restarts. Unlike a test database it is durable (fsync and synchronous commit on) and
 * closed to the rest of the host: every connection needs a password, the Unix socket sits in the
 * owner-only data directory, TCP listens on loopback only, and the vault connects as a role that is
 * not a superuser. The superuser's settings are written to {@code <data dir>/pg-credentials} for
 * the operator. A server left running by a JVM that was killed is stopped before a new one starts.
 * The server stops only when {@link #close()} is called, so that an application stops it last.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "vault";
    public static final String CREDENTIALS_FILE = "pg-credentials";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(20);
    /** A socket path must fit in 107 bytes; {@code /.s.PGSQL.65535} takes 15 of them. */
    private static final int LONGEST_SOCKET_DIRECTORY = 90;
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9/._-]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * Starts the server on a free loopback port, with its cluster in {@code <dataDir>/pg} and the
     * superuser's settings in {@code <dataDir>/pg-credentials}.
     */
    public static EmbeddedPostgresServer start(Path dataDir) {
        Path pgData = dataDir.resolve("pg").toAbsolutePath();
        Path credentialsFile = dataDir.resolve(CREDENTIALS_FILE);
        try {
            Files.createDirectories(pgData);
            stopOrphanedServer(pgData);
            String superuserPassword = SuperuserCredentials.passwordIn(credentialsFile)
                    .orElseGet(EmbeddedPostgresServer::newPassword);
            Path binaries = PostgresBinaries.workingDirectory();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setRegisterShutdownHook(false)
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", socketDirectory(pgData))
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setConnectConfig("password", superuserPassword)
                    .setDataDirectoryCustomizer(cluster -> {
                        // the password is set at every start too: a cluster restored from a backup may not have it
                        PasswordOnlyAccess.requirePasswords(cluster.toPath());
                        PasswordOnlyAccess.setSuperuserPassword(PostgresBinaries.binDirectory(binaries),
                                cluster.toPath(), superuserPassword);
                    })
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .start();
            try {
                new SuperuserCredentials("localhost", postgres.getPort(), SuperuserCredentials.USER, superuserPassword,
                        DATABASE).writeTo(credentialsFile);
                String vaultPassword = newPassword();
                VaultRole.provision(postgres.getPostgresDatabase(),
                        postgres.getDatabase(SuperuserCredentials.USER, DATABASE), DATABASE, vaultPassword);
                return new EmbeddedPostgresServer(postgres, vaultPassword);
            } catch (RuntimeException setUpFailed) {
                // nothing else would stop it: the server runs in a process group of its own
                postgres.close();
                throw setUpFailed;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + pgData
                    + " (if it asks for a password, " + credentialsFile + " does not match the server)", e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    /** The vault's own role, not a superuser. */
    public String username() {
        return VaultRole.NAME;
    }

    /** The vault role's password for as long as this server runs. */
    public String password() {
        return password;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
            LOG.info("embedded PostgreSQL stopped");
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    /** The data directory itself (owner-only) where the path fits a socket's; else no socket at all. */
    private static String socketDirectory(Path pgData) {
        String directory = pgData.toString();
        return directory.length() <= LONGEST_SOCKET_DIRECTORY && PLAIN_PATH.matcher(directory).matches()
                ? directory : "''";
    }

    private static String newPassword() {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * A killed JVM leaves its PostgreSQL child running and its {@code postmaster.pid} behind, and a
     * new server refuses to start on that directory. Stop that orphan first.
     */
    static void stopOrphanedServer(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
        if (orphan.isPresent()) {
            ProcessHandle process = orphan.get();
            LOG.warn("stopping PostgreSQL server {} left running by an earlier start", process.pid());
            process.destroy();
            try {
                process.onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                process.destroyForcibly();
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
