package org.customervault.infra.postgres;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.postgresql.util.PasswordUtil;

/**
 * Who may connect to the embedded server: nobody without a password. The cluster is created with
 * {@code trust} for everyone on the host; before it is ever started, this replaces its
 * {@code pg_hba.conf} with SCRAM for every connection, local socket and loopback alike, and gives
 * the superuser a password in single-user mode, where no connection is possible at all.
 */
final class PasswordOnlyAccess {

    private static final List<String> PG_HBA = List.of(
            "# Written by the vault at every start: a password (SCRAM) for every connection.",
            "# TYPE  DATABASE     USER  ADDRESS       METHOD",
            "local   all          all                 scram-sha-256",
            "host    all          all   127.0.0.1/32  scram-sha-256",
            "host    all          all   ::1/128       scram-sha-256",
            "local   replication  all                 scram-sha-256",
            "host    replication  all   127.0.0.1/32  scram-sha-256",
            "host    replication  all   ::1/128       scram-sha-256");

    private static final long SINGLE_USER_TIMEOUT_SECONDS = 60;

    private PasswordOnlyAccess() {
    }

    /** Writes the server's {@code pg_hba.conf}; the server must not be running. */
    static void requirePasswords(Path pgData) {
        try {
            Files.write(pgData.resolve("pg_hba.conf"), PG_HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf in " + pgData, e);
        }
    }

    /** Sets the superuser's password through a single-user backend; the server must not be running. */
    static void setSuperuserPassword(Path binaries, Path pgData, String password) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // as zonky does for pg_ctl: PostgreSQL refuses to run as root, a user namespace lets it
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(binaries.resolve("postgres").toString(), "--single", "-D", pgData.toString(),
                "-c", "listen_addresses=", "-c", "unix_socket_directories=", SuperuserCredentials.USER));
        try {
            Process backend = new ProcessBuilder(command).redirectErrorStream(true).start();
            // the SCRAM verifier, not the password: the backend echoes a failed statement
            String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
            try (OutputStream input = backend.getOutputStream()) {
                input.write(("ALTER ROLE " + SuperuserCredentials.USER + " PASSWORD '" + verifier + "';\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            String output;
            try (InputStream out = backend.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!backend.waitFor(SINGLE_USER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                backend.destroyForcibly();
                throw new IllegalStateException("the single-user backend that sets the superuser's password did not end");
            }
            if (backend.exitValue() != 0 || output.contains("ERROR")) {
                throw new IllegalStateException("cannot set the superuser's password: "
                        + output.replace(verifier, "<verifier>").strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run PostgreSQL in single-user mode", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the superuser's password", e);
        }
    }
}
