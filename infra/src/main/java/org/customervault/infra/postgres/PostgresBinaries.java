package org.customervault.infra.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the PostgreSQL binaries shipped in the jar are unpacked and run from. Not zonky's default
 * {@code /tmp/embedded-pg}, which is writable by every user of the host: anyone could plant a
 * {@code postgres} there for the vault to run. Here they go below a directory that only the
 * vault's OS user can enter.
 */
final class PostgresBinaries {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PostgresBinaries() {
    }

    /**
     * The directory zonky unpacks into, below {@code <tmp>/customer-vault-<user>}, created owner-only.
     * If someone else made that directory first, or opened it to others, it is not used: the
     * binaries go to a new private directory instead, unpacked again at every start.
     */
    static Path workingDirectory() {
        String user = System.getProperty("user.name");
        Path shared = Path.of(System.getProperty("java.io.tmpdir"), "customer-vault-" + user);
        try {
            if (!Files.exists(shared, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(shared, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } catch (FileAlreadyExistsException createdMeanwhile) {
                    // by another process starting at the same moment (the tests run in several JVMs): checked below
                }
            }
            if (ownerOnly(shared, user)) {
                return shared.resolve("embedded-pg");
            }
            LOG.warn("{} is not a directory only {} can enter; the PostgreSQL binaries go to a private one instead",
                    shared, user);
            return Files.createTempDirectory("customer-vault-", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    .resolve("embedded-pg");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a directory for the PostgreSQL binaries", e);
        }
    }

    private static boolean ownerOnly(Path directory, String user) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        return attributes.isDirectory() && attributes.owner().getName().equals(user)
                && attributes.permissions().stream().noneMatch(GROUP_OR_OTHERS::contains);
    }

    /**
     * The {@code bin} directory zonky unpacks the archive to: {@code PG-<md5 of the archive>}, the
     * name it gives the directory itself.
     */
    static Path binDirectory(Path workingDirectory) {
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", System.getProperty("os.arch"));
             DigestInputStream digesting = new DigestInputStream(archive, MessageDigest.getInstance("MD5"))) {
            digesting.transferTo(OutputStream.nullOutputStream());
            return workingDirectory.resolve("PG-" + HexFormat.of().formatHex(digesting.getMessageDigest().digest()))
                    .resolve("bin");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PostgreSQL binaries", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
