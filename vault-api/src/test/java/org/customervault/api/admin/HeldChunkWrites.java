package org.customervault.api.admin;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.customervault.api.support.RunningVault;
import org.customervault.domain.customer.CustomerId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * A bulk rebuild started with its first chunk's write held (the operator locks every blind-index key, so
 * the write stops at its search tokens, its customers already asked about) and, once that is released,
 * its last chunk's write held (on the operator's uncommitted row of a customer of the store's last event),
 * so a test acts between a chunk's check and its commit, and before the processors start again.
 */
final class HeldChunkWrites implements AutoCloseable {

    private static final Authentication ADMIN =
            UsernamePasswordAuthenticationToken.authenticated(RunningVault.ADMIN, null, List.of());
    private static final String FIRST_WRITE_HELD = """
            SELECT count(*) FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE '%FROM blind_index_key%FOR KEY SHARE%'""";
    private static final String LAST_WRITE_HELD = """
            SELECT count(*) FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO customer_view%'""";
    /** Not a customer's data: it is never committed. */
    private static final String PLACEHOLDER_ROW = """
            INSERT INTO customer_view (customer_id, version, status, full_name, created_at, updated_at, last_activity_at)
            VALUES (?, 0, 'ACTIVE', 'placeholder', now(), now(), now())""";
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    private final JdbcTemplate operator;
    private final Connection firstChunk;
    private final Connection lastChunk;

    private HeldChunkWrites(JdbcTemplate operator, Connection firstChunk, Connection lastChunk) throws SQLException {
        this.operator = operator;
        this.firstChunk = firstChunk;
        this.lastChunk = lastChunk;
        firstChunk.setAutoCommit(false);
        lastChunk.setAutoCommit(false);
    }

    /**
     * Starts a bulk rebuild of {@code vault} and returns once its first chunk's write is held; if it cannot
     * get there, it lets go of its locks before it throws, so the rebuild is not left held.
     */
    static HeldChunkWrites start(RunningVault vault) throws SQLException {
        JdbcTemplate operator = vault.superuserJdbc();
        Connection firstChunk = operator.getDataSource().getConnection();
        HeldChunkWrites held;
        try {
            held = new HeldChunkWrites(operator, firstChunk, operator.getDataSource().getConnection());
        } catch (SQLException | RuntimeException failed) {
            firstChunk.close();
            throw failed;
        }
        try {
            try (Statement statement = held.firstChunk.createStatement()) {
                statement.execute("SELECT version FROM blind_index_key FOR UPDATE");
            }
            vault.bean(ProjectionRebuild.class).start(ADMIN, ProjectionRebuild.Replay.BULK);
            await("the first chunk's write held").atMost(PATIENCE).until(() -> held.waiting(FIRST_WRITE_HELD) > 0);
            try (PreparedStatement statement = held.lastChunk.prepareStatement(PLACEHOLDER_ROW)) {
                statement.setObject(1, customerOfLastEvent(vault).uuid());
                statement.executeUpdate();
            }
            return held;
        } catch (SQLException | RuntimeException | Error failed) {
            try {
                held.close();
            } catch (SQLException closing) {
                failed.addSuppressed(closing);
            }
            throw failed;
        }
    }

    /** The customer of the store's event {@code offset} events after its first. */
    static CustomerId customerOfEvent(RunningVault vault, int offset) {
        return CustomerId.of(vault.jdbc().queryForObject(
                "SELECT aggregateidentifier FROM domainevententry ORDER BY globalindex OFFSET ? LIMIT 1", String.class, offset));
    }

    /** The customer of the store's last event, whose row the last chunk writes. */
    static CustomerId customerOfLastEvent(RunningVault vault) {
        return CustomerId.of(vault.jdbc().queryForObject(
                "SELECT aggregateidentifier FROM domainevententry ORDER BY globalindex DESC LIMIT 1", String.class));
    }

    /** How many of the database's sessions wait for a lock as {@code query} asks. */
    long waiting(String query) {
        return operator.queryForObject(query, Long.class);
    }

    /** Lets the first chunk's write go on; returns once the last chunk's write is held. */
    void releaseFirstChunk() throws SQLException {
        firstChunk.rollback();
        await("the first chunk written, the last one held").atMost(PATIENCE).until(() -> waiting(LAST_WRITE_HELD) > 0);
    }

    /** Lets the last chunk's write go on. */
    void releaseLastChunk() throws SQLException {
        lastChunk.rollback();
    }

    /** Waits until the bulk replay has ended and every processor, started again after it, has caught up. */
    static void awaitEnded(RunningVault vault) {
        await("the rebuild ended").atMost(Duration.ofMinutes(2)).until(() -> !vault.bean(BulkReplay.class).running()
                && vault.bean(ProjectionProgress.class).processors().stream()
                        .allMatch(p -> p.status() == ProcessorProgress.Status.CAUGHT_UP));
    }

    @Override
    public void close() throws SQLException {
        try (firstChunk; lastChunk) {
            firstChunk.rollback();
            lastChunk.rollback();
        }
    }
}
