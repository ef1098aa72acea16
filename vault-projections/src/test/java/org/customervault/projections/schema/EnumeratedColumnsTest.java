package org.customervault.projections.schema;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.SearchKind;
import org.customervault.infra.integrity.ChainedLog;
import org.customervault.projections.ProjectionDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The CHECK constraints on enumerated columns take every value the Java side writes, and nothing
 * else: a value added to an enum without its migration fails here, not in production.
 */
class EnumeratedColumnsTest {

    private static final Timestamp NOW = Timestamp.from(Instant.parse("2026-03-01T09:00:00Z"));

    @TempDir
    static Path directory;
    private static ProjectionDatabase database;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() throws Exception {
        database = new ProjectionDatabase(directory);
        jdbc = database.jdbc();
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private static UUID customer(String status) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO customer_view (customer_id, version, status, full_name, created_at, updated_at, last_activity_at)
                VALUES (?, 0, ?, 'sealed', ?, ?, ?)""", id, status, NOW, NOW, NOW);
        return id;
    }

    @Test
    void everyStatusOfTheViewAndNoOther() {
        for (CustomerView.Status status : CustomerView.Status.values()) {
            assertThatCode(() -> customer(status.name())).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> customer("DELETED")).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void everyChannelAndNoOther() {
        UUID id = customer(CustomerView.Status.ACTIVE.name());
        String insert = """
                INSERT INTO customer_interaction (customer_id, interaction_id, channel, summary, occurred_at)
                VALUES (?, ?, ?, 'sealed', ?)""";
        for (Channel channel : Channel.values()) {
            assertThatCode(() -> jdbc.update(insert, id, channel.name(), channel.name(), NOW)).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> jdbc.update(insert, id, "FAX", "FAX", NOW)).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void everySearchKindAndNoOther() {
        UUID id = customer(CustomerView.Status.ACTIVE.name());
        String insert = """
                INSERT INTO customer_search (customer_id, kind, token, key_version) VALUES (?, ?, ?, 1)""";
        String logged = """
                INSERT INTO access_log (at, actor, subject_id, action, searched_by) VALUES (?, 'agent', NULL, 'search', ?)""";
        for (SearchKind kind : SearchKind.values()) {
            assertThatCode(() -> jdbc.update(insert, id, kind.label(), kind.label().getBytes())).doesNotThrowAnyException();
            assertThatCode(() -> jdbc.update(logged, NOW, new String[] {kind.label()})).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> jdbc.update(insert, id, "birth-date", new byte[] {1}))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update(logged, NOW, new String[] {"email", "birth-date"}))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void everyChainedLogAndNoOther() {
        String insert = "INSERT INTO integrity_watermark (log, through) VALUES (?, 0)";
        for (ChainedLog log : ChainedLog.values()) {
            assertThatCode(() -> jdbc.update(insert, log.label())).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> jdbc.update(insert, "snapshots")).isInstanceOf(DataIntegrityViolationException.class);
    }
}
