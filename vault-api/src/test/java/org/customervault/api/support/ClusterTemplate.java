package org.customervault.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;
import org.customervault.api.config.DataDirectory;
import org.customervault.infra.postgres.EmbeddedPostgresServer;

/**
 * The embedded PostgreSQL cluster as the vault's first start leaves it (made by initdb, with the vault's
 * role and database), made once per test JVM by that same start and copied into the data directory of
 * each vault the tests start afresh (created, if new, as the vault creates it), so that they do not each run initdb and create the database again.
 * The copy is what a restart finds: the server sets the superuser's password and the vault role's anew
 * at every start. The start that makes the template is a first start like any other, so every run of the
 * suite still takes that path.
 */
final class ClusterTemplate {

    /** Where the embedded server keeps its cluster in a data directory. */
    private static final String CLUSTER = "pg";
    /** A running server's lock, which a copy must not carry. */
    private static final String LOCK = "postmaster.pid";

    private static Path template;

    private ClusterTemplate() {
    }

    /** Copies the template into {@code dataDir}, unless it has a cluster already. */
    static void seed(Path dataDir) {
        Path cluster = dataDir.resolve(CLUSTER);
        if (Files.exists(cluster)) {
            return;
        }
        Path from = template();
        try {
            DataDirectory.ensure(dataDir);
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                    Files.copy(directory, cluster.resolve(from.relativize(directory)), StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (!file.getFileName().toString().equals(LOCK)) {
                        Files.copy(file, cluster.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the cluster template into " + dataDir, e);
        }
    }

    private static synchronized Path template() {
        if (template == null) {
            try {
                Path directory = Files.createTempDirectory("cluster-template");
                EmbeddedPostgresServer.start(directory).close();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
                // a stop that failed is only logged: a copy of a running cluster would be a crashed one
                if (Files.exists(directory.resolve(CLUSTER).resolve(LOCK))) {
                    throw new IllegalStateException("the cluster template's server did not stop: " + directory);
                }
                template = directory.resolve(CLUSTER);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the cluster template", e);
            }
        }
        return template;
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind; nothing of a customer's is in it
        }
    }
}
