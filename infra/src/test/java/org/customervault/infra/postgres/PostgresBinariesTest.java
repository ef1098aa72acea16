package org.customervault.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {

    @TempDir
    Path tmp;
    private String realTmp;

    @BeforeEach
    void useATemporaryTmp() {
        realTmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
    }

    @AfterEach
    void restoreTmp() {
        System.setProperty("java.io.tmpdir", realTmp);
    }

    @Test
    void unpacksBelowADirectoryOnlyTheVaultsUserCanEnter() throws Exception {
        Path directory = PostgresBinaries.workingDirectory();

        Path ownerOnly = tmp.resolve("customer-vault-" + System.getProperty("user.name"));
        assertThat(directory).isEqualTo(ownerOnly.resolve("embedded-pg"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ownerOnly))).isEqualTo("rwx------");
        assertThat(PostgresBinaries.workingDirectory()).as("the same at the next start").isEqualTo(directory);
    }

    /** Another user who made the directory first, open to all, can neither plant binaries nor stop the start. */
    @Test
    void aDirectoryOthersCanEnterIsNotUsed() throws Exception {
        Path planted = Files.createDirectory(tmp.resolve("customer-vault-" + System.getProperty("user.name")),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));

        Path directory = PostgresBinaries.workingDirectory();

        assertThat(directory.startsWith(planted)).as("not below the planted directory").isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.getParent())))
                .isEqualTo("rwx------");
    }
}
