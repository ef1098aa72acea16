package org.customervault.infra.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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

/**
 * Where the PostgreSQL binaries shipped in the jar are unpacked and run from. Not zonky's default
 * {@code /tmp/embedded-pg}, which is writable by every user of the host: anyone could plant a
 * {@code postgres} there for the vault to run. Here they go below a directory that only the
 * vault's OS user can enter.
 */
final class PostgresBinaries {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PostgresBinaries() {
    }

    /** The directory zonky unpacks into; its parent is created owner-only, or refused if anyone else can enter it. */
    static Path workingDirectory() {
        Path ownerOnly = Path.of(System.getProperty("java.io.tmpdir"), "customer-vault-" + System.getProperty("user.name"));
        try {
            if (!Files.exists(ownerOnly)) {
                Files.createDirectory(ownerOnly, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            PosixFileAttributes attributes = Files.readAttributes(ownerOnly, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isDirectory() || !attributes.owner().getName().equals(System.getProperty("user.name"))
                    || attributes.permissions().stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new IllegalStateException(ownerOnly + " must be a directory that only "
                        + System.getProperty("user.name") + " can enter; remove it and start again");
            }
            return ownerOnly.resolve("embedded-pg");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + ownerOnly, e);
        }
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
