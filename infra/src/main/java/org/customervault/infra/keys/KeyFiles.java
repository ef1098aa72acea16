package org.customervault.infra.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writing the files that hold keys and erasures so that they survive a crash or a power loss:
 * data forced to the disk before a file gets its name, and the directory forced after, so that
 * nothing committed in the database ever depends on a key file that is not on the disk yet.
 */
final class KeyFiles {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /** Makes a key file that is not there yet; one that another process made meanwhile is left as it is. */
    @FunctionalInterface
    interface Creation {
        void create(Path file) throws IOException;
    }

    private KeyFiles() {
    }

    /**
     * The file, created first if there is none, and refused if anyone but its owner may read or
     * write it: whoever could would hold the keys (or could rewrite the erasures).
     */
    static Path ownerOnly(Path file, String what, Creation creation) throws IOException {
        if (!Files.exists(file)) {
            creation.create(file);
        }
        if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            throw new IllegalStateException("the " + what + " " + file + " must be readable and writable by its owner"
                    + " only (chmod 600)");
        }
        return file;
    }

    /** A new owner-only file in {@code directory} holding {@code text}, on the disk. */
    static Path writtenAside(Path directory, String prefix, String text) throws IOException {
        Path written = Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        return written;
    }

    /**
     * Creates {@code file} holding {@code text}, whole: written aside, on the disk, then linked into
     * place. A process starting at the same moment on a shared key directory finds the whole file or
     * none, and if it was faster, its file stays and this text is dropped.
     */
    static void createWhole(Path file, String prefix, String text) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.exists(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        }
        Path next = writtenAside(directory, prefix, text);
        try {
            Files.createLink(file.toAbsolutePath(), next);
            syncDirectory(directory);
        } catch (FileAlreadyExistsException anotherProcessWasFaster) {
            // the file in place is the deployment's
        } finally {
            Files.delete(next);
        }
    }

    /** Forces a directory's entries (a file created, renamed or linked in it) to the disk. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel entries = FileChannel.open(directory, StandardOpenOption.READ)) {
            entries.force(true);
        }
    }
}
