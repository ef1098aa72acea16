package org.customervault.infra.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded server's superuser, for the operator's backups and maintenance, kept in an
 * owner-only file of shell assignments so that {@code set -a; . data/pg-credentials; set +a; pg_dump}
 * works. The vault itself never connects as this user once the server is set up.
 */
public record SuperuserCredentials(String host, int port, String user, String password, String database) {

    public static final String USER = "postgres";

    /** The password of a file written by an earlier start, if there is one. */
    static Optional<String> passwordIn(Path file) {
        return Files.exists(file) ? Optional.of(read(file).password()).filter(password -> !password.isEmpty())
                : Optional.empty();
    }

    /** The settings a running embedded server wrote to {@code <data dir>/pg-credentials}. */
    public static SuperuserCredentials read(Path file) {
        try {
            Map<String, String> values = new HashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int equals = line.indexOf('=');
                if (!line.startsWith("#") && equals > 0) {
                    values.put(line.substring(0, equals), unquoted(line.substring(equals + 1)));
                }
            }
            return new SuperuserCredentials(values.getOrDefault("PGHOST", "localhost"),
                    Integer.parseInt(values.getOrDefault("PGPORT", "5432")), values.getOrDefault("PGUSER", USER),
                    values.getOrDefault("PGPASSWORD", ""), values.getOrDefault("PGDATABASE", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Replaces the file in one step, readable by its owner only from the moment it exists. */
    void writeTo(Path file) {
        List<String> lines = List.of(
                "# The embedded PostgreSQL's superuser, for backups and maintenance. Rewritten at every start",
                "# of the vault (the port changes). Use: set -a; . " + file.getFileName() + "; set +a; pg_dump",
                "PGHOST=" + host,
                "PGPORT=" + port,
                "PGUSER=" + user,
                "PGPASSWORD='" + password + "'",
                "PGDATABASE=" + database);
        Path written = null;
        try {
            written = Files.createTempFile(file.getParent(), ".pg-credentials", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            deleteQuietly(written);
        }
    }

    private static void deleteQuietly(Path leftOver) {
        try {
            if (leftOver != null) {
                Files.deleteIfExists(leftOver);
            }
        } catch (IOException ignored) {
            // a stray owner-only temporary file is harmless; the credentials themselves were written or reported
        }
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("'") && value.endsWith("'")
                ? value.substring(1, value.length() - 1) : value;
    }
}
