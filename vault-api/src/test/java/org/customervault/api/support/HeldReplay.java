package org.customervault.api.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.customervault.api.admin.ProjectionRebuild;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/**
 * A rebuild whose replay is held back before its end, the way a long lock would hold it: an uncommitted
 * row where the replay will write the customer of the last stored event, so that the replay's insert
 * waits for this transaction. Closing it lets the replay go on.
 */
public final class HeldReplay implements AutoCloseable {

    private final Connection blocker;

    private HeldReplay(Connection blocker) {
        this.blocker = blocker;
    }

    /** Starts a rebuild and holds it; the store needs enough events that the replay has not ended a moment later. */
    public static HeldReplay start(RunningVault vault) throws SQLException {
        String customerOfTheLastEvent = vault.jdbc().queryForObject("""
                SELECT aggregateidentifier FROM domainevententry
                WHERE globalindex = (SELECT max(globalindex) FROM domainevententry)""", String.class);
        vault.bean(ProjectionRebuild.class).start(
                UsernamePasswordAuthenticationToken.authenticated(RunningVault.ADMIN, null, List.of()));
        Connection blocker = vault.jdbc().getDataSource().getConnection();
        blocker.setAutoCommit(false);
        try (PreparedStatement row = blocker.prepareStatement("""
                INSERT INTO customer_view (customer_id, version, status, full_name, created_at, updated_at, last_activity_at)
                VALUES (?::uuid, 1, 'ACTIVE', 'held', now(), now(), now())""")) {
            row.setString(1, customerOfTheLastEvent);
            row.executeUpdate();
        } catch (SQLException replayAlreadyThere) {
            blocker.close();
            throw new IllegalStateException("the replay reached the last customer before it could be held: store more events",
                    replayAlreadyThere);
        }
        return new HeldReplay(blocker);
    }

    @Override
    public void close() throws SQLException {
        try (blocker) {
            blocker.rollback();
        }
    }
}
