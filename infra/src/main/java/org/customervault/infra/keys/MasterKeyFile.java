package org.customervault.infra.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import org.customervault.domain.crypto.DataKey;

/**
 * The local key store's master key: 32 random bytes in a file of their own, readable by the
 * owner only, created on first use. It never enters the database or a log.
 */
public final class MasterKeyFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private MasterKeyFile() {
    }

    /** Loads the master key, creating the file with a fresh key if there is none. */
    public static DataKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                throw new IllegalStateException("the master key file " + file
                        + " must be readable by its owner only (chmod 600)");
            }
            byte[] material = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            return new DataKey(idOf(material), 1, material);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the master key file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the master key file " + file + " does not hold a 32-byte key");
        }
    }

    private static void create(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.exists(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        }
        byte[] material = new byte[DataKey.KEY_BYTES];
        new SecureRandom().nextBytes(material);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException anotherNodeWasFaster) {
            return;
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(material) + "\n", StandardCharsets.US_ASCII);
    }

    /** A public name for the key, so wrapped keys say which master key wrapped them. */
    private static String idOf(byte[] material) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material);
            return "mk-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
