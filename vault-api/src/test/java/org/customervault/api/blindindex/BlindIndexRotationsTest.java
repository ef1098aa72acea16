package org.customervault.api.blindindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.customervault.domain.crypto.FieldCipher;
import org.customervault.infra.keys.FenceFile;
import org.customervault.infra.keys.LocalSubjectKeyStore;
import org.customervault.infra.keys.MasterKeyring;
import org.customervault.infra.postgres.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The version a new rotation goes to, when the database was restored from a backup taken before
 * rotations whose keys the key store has destroyed since.
 */
class BlindIndexRotationsTest {

    @TempDir
    static Path directory;
    private static EmbeddedPostgresServer server;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startPostgres() {
        server = EmbeddedPostgresServer.start(directory.resolve("pg"));
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl());
        dataSource.setUser(server.username());
        dataSource.setPassword(server.password());
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterAll
    static void stopPostgres() {
        server.close();
    }

    /**
     * The database says version 1 is current (as the backup did), the key store made versions 2 and 3
     * since and destroyed 1 and 2: the rotation goes to 4, which the store makes, not to 2, which it
     * never makes again.
     */
    @Test
    void aRotationAfterARestoreGoesPastEveryVersionTheKeyStoreEverMade() {
        Path keyFile = directory.resolve("keys").resolve("master.key");
        keyFile.getParent().toFile().mkdirs();
        LocalSubjectKeyStore store = new LocalSubjectKeyStore(jdbc.getDataSource(), MasterKeyring.loadOrCreate(keyFile),
                FenceFile.openOrCreate(keyFile.resolveSibling("erasure-fence")), new FieldCipher());
        assertThat(store.blindIndexKey(2)).isPresent();
        assertThat(store.blindIndexKey(3)).isPresent();
        store.destroyBlindIndexKey(1);
        store.destroyBlindIndexKey(2);
        assertThat(jdbc.queryForObject("SELECT max(version) FROM blind_index_key", Integer.class)).isEqualTo(1);

        Rotation rotation = new BlindIndexRotations(jdbc).startOrRunning(UUID.randomUUID(), "root",
                store.newestBlindIndexVersion());

        assertThat(rotation.fromVersion()).isEqualTo(1);
        assertThat(rotation.toVersion()).isEqualTo(4);
        assertThat(store.blindIndexKey(2)).as("the version after the database's newest is gone for good").isEmpty();
        assertThat(store.blindIndexKey(rotation.toVersion())).as("the store makes the rotation's version").isPresent();
    }
}
