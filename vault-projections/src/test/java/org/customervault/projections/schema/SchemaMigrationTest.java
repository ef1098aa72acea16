package org.customervault.projections.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.customervault.infra.postgres.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows written under the schema as it was before V16 read the same after every later migration:
 * comma-joined lists become arrays, and the constraints added hold for them.
 */
class SchemaMigrationTest {

    private static final UUID COMPLETED = UUID.fromString("7d0c6f0e-7a53-4c47-9a35-3b8e8cf4a001");
    private static final UUID PENDING = UUID.fromString("7d0c6f0e-7a53-4c47-9a35-3b8e8cf4a002");

    @TempDir
    static Path directory;
    private static EmbeddedPostgresServer server;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void migrateAcrossV16() {
        server = EmbeddedPostgresServer.start(directory);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl());
        dataSource.setUser(server.username());
        dataSource.setPassword(server.password());
        Flyway.configure().dataSource(dataSource).target(MigrationVersion.fromVersion("15")).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        jdbc.update("""
                INSERT INTO erasure_ledger (subject_id, status, requested_at, requested_by, erased_at, key_ids, purged,
                    completion)
                VALUES (?, 'COMPLETED', now(), 'dpo', now(), 'key-1,key-2', 'key-store,customer-view,customer-search', 1)""",
                COMPLETED);
        jdbc.update("""
                INSERT INTO erasure_ledger (subject_id, status, requested_at, requested_by)
                VALUES (?, 'PENDING', now(), 'dpo')""", PENDING);
        jdbc.update("INSERT INTO erasure_fence (subject_id, key_ids) VALUES ('subject-with-keys', 'key-1,key-2')");
        jdbc.update("INSERT INTO erasure_fence (subject_id, key_ids) VALUES ('subject-without-keys', '')");
        Flyway.configure().dataSource(dataSource).load().migrate();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void ledgerListsBecomeArrays() {
        Map<String, Object> completed = jdbc.queryForMap("""
                SELECT array_to_json(key_ids)::text AS key_ids, array_to_json(purged)::text AS purged
                FROM erasure_ledger WHERE subject_id = ?""", COMPLETED);
        assertThat(completed.get("key_ids")).isEqualTo("[\"key-1\",\"key-2\"]");
        assertThat(completed.get("purged")).isEqualTo("[\"key-store\",\"customer-view\",\"customer-search\"]");
        Map<String, Object> pending = jdbc.queryForMap("SELECT key_ids, purged FROM erasure_ledger WHERE subject_id = ?",
                PENDING);
        assertThat(pending.get("key_ids")).isNull();
        assertThat(pending.get("purged")).isNull();
    }

    @Test
    void fenceListsBecomeArraysAnEmptyOneEmpty() {
        List<String> lengths = jdbc.queryForList("""
                SELECT subject_id || ':' || cardinality(key_ids) FROM erasure_fence ORDER BY subject_id""", String.class);
        assertThat(lengths).containsExactly("subject-with-keys:2", "subject-without-keys:0");
    }

    @Test
    void aStatusOutsideItsSetIsRefused() {
        assertThatThrownBy(() -> jdbc.update("UPDATE erasure_ledger SET status = 'DONE' WHERE subject_id = ?", PENDING))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("erasure_ledger_status");
        assertThatThrownBy(() -> jdbc.update("""
                UPDATE erasure_ledger SET status = 'COMPLETED' WHERE subject_id = ?""", PENDING))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("erasure_ledger_completed");
    }
}
