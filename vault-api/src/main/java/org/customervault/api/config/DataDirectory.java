package org.customervault.api.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The one directory the embedded default writes to ({@code vault.data-dir}, environment
 * {@code VAULT_DATA_DIR}), created readable by its owner only.
 */
@ConfigurationProperties("vault")
public record DataDirectory(@DefaultValue("./data") Path dataDir) {

    public DataDirectory {
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** The directory, created on first use. */
    public Path ensured() {
        return ensure(dataDir);
    }

    public static Path ensure(Path directory) {
        try {
            if (!Files.exists(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory, e);
        }
    }
}
