package org.customervault.infra.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.customervault.infra.integrity.KeptCheckpoint;

/**
 * The local key store's copy of the newest integrity checkpoint, beside the signing key file
 * ({@code keys/integrity-checkpoint}): one line, the checkpoint's compact JWS. Not secret (it is
 * signed, and says only how long each chain is and its last link), but outside the database, so
 * that cutting off the end of the chains and their checkpoints in PostgreSQL is still detected.
 * Replaced whole: written aside, forced to the disk, renamed into place.
 */
public final class CheckpointFile implements KeptCheckpoint {

    public static final String FILE_NAME = "integrity-checkpoint";

    private final Path file;

    public CheckpointFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public Optional<String> newest() {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the integrity checkpoint file " + file, e);
        }
    }

    @Override
    public void keep(String jws) {
        try {
            Path written = KeyFiles.writtenAside(file.getParent(), ".checkpoint-", jws + "\n");
            try {
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(written);
            }
            KeyFiles.syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the integrity checkpoint file " + file, e);
        }
    }
}
