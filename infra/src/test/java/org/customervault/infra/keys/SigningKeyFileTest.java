package org.customervault.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.customervault.domain.crypto.Ed25519SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyFileTest {

    @TempDir
    Path directory;

    @Test
    void createsAnOwnerOnlyKeyFileOnceAndReadsTheSameKeyBack() throws Exception {
        Path file = directory.resolve("keys").resolve(SigningKeyFile.FILE_NAME);

        Ed25519SigningKey created = SigningKeyFile.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n").contains("-----BEGIN PUBLIC KEY-----\n");
        assertThat(SigningKeyFile.loadOrCreate(file).keyId()).isEqualTo(created.keyId());
        assertThat(Files.list(file.getParent())).as("no temporary file left behind").containsExactly(file);
    }

    @Test
    void nodesStartingAtOnceOnASharedKeyDirectoryAgreeOnOneKey() throws Exception {
        Path file = directory.resolve("shared").resolve(SigningKeyFile.FILE_NAME);
        ExecutorService nodes = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> starts = Collections.nCopies(16, () -> SigningKeyFile.loadOrCreate(file).keyId());
            Set<String> keyIds = new HashSet<>();
            for (Future<String> start : nodes.invokeAll(starts)) {
                keyIds.add(start.get());
            }
            assertThat(keyIds).hasSize(1);
        } finally {
            nodes.shutdownNow();
        }
    }

    @Test
    void refusesAKeyFileOthersCanRead() throws Exception {
        Path file = directory.resolve(SigningKeyFile.FILE_NAME);
        SigningKeyFile.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> SigningKeyFile.loadOrCreate(file))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chmod 600");
    }
}
