package org.customervault.projections;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.customervault.domain.crypto.FieldCipher;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.infra.keys.FenceFile;
import org.customervault.infra.keys.LocalSubjectKeyStore;
import org.customervault.infra.keys.MasterKeyring;
import org.customervault.infra.postgres.EmbeddedPostgresServer;
import org.customervault.projections.customer.BlindIndexKeys;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A real PostgreSQL with the vault's schema and a local key store, for projection tests that call
 * handlers and queries directly, without Spring or Axon around them.
 */
public final class ProjectionDatabase implements AutoCloseable {

    private final EmbeddedPostgresServer server;
    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final SubjectCipher cipher;
    private final LocalSubjectKeyStore keyStore;
    private final BlindIndexKeys keys;

    public ProjectionDatabase(Path directory) throws Exception {
        server = EmbeddedPostgresServer.start(directory);
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(server.jdbcUrl());
        dataSource.setUsername(server.username());
        dataSource.setPassword(server.password());
        dataSource.setMaximumPoolSize(10);
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        FieldCipher fieldCipher = new FieldCipher();
        Files.createDirectories(directory);
        keyStore = new LocalSubjectKeyStore(dataSource, MasterKeyring.loadOrCreate(directory.resolve("master.key")),
                FenceFile.openOrCreate(directory.resolve("erasure-fence")), fieldCipher);
        cipher = new SubjectCipher(keyStore, fieldCipher);
        keys = new BlindIndexKeys(jdbc, keyStore);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public SubjectCipher cipher() {
        return cipher;
    }

    /** The local key store, which keeps the blind-index keys too. */
    public LocalSubjectKeyStore keyStore() {
        return keyStore;
    }

    public BlindIndexKeys keys() {
        return keys;
    }

    @Override
    public void close() {
        dataSource.close();
        server.close();
    }
}
