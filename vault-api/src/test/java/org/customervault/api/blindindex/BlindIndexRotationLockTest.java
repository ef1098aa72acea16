package org.customervault.api.blindindex;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The rotation's session advisory lock never goes back to the pool with its connection: it is
 * released even when the connection does not answer a validity check in time, and a connection
 * whose lock could not be released is evicted or aborted instead of pooled.
 */
class BlindIndexRotationLockTest {

    @Test
    void unlocksEvenWhenTheConnectionLooksInvalidBecauseTheDatabaseIsSlow() throws Exception {
        Connection connection = mock(Connection.class);
        when(connection.isValid(any(Integer.class))).thenReturn(false);
        PreparedStatement unlock = unlockAnswering(connection, true);
        DataSource pool = mock(DataSource.class);

        BlindIndexRotation.unlockOrDiscard(connection, pool);

        verify(connection).prepareStatement("SELECT pg_advisory_unlock(?)");
        verify(unlock).executeQuery();
        verify(connection, never()).abort(any(Executor.class));
    }

    @Test
    void aConnectionWhoseUnlockFailedIsEvictedFromTheHikariPool() throws Exception {
        Connection connection = mock(Connection.class);
        when(connection.prepareStatement(anyString())).thenThrow(new SQLException("timed out"));
        DataSource pool = mock(DataSource.class);
        HikariDataSource hikari = mock(HikariDataSource.class);
        when(pool.isWrapperFor(HikariDataSource.class)).thenReturn(true);
        when(pool.unwrap(HikariDataSource.class)).thenReturn(hikari);

        BlindIndexRotation.unlockOrDiscard(connection, pool);

        verify(hikari).evictConnection(connection);
    }

    @Test
    void aConnectionThatDidNotReleaseTheLockIsAbortedOutsideHikari() throws Exception {
        Connection connection = mock(Connection.class);
        unlockAnswering(connection, false);
        DataSource pool = mock(DataSource.class);

        BlindIndexRotation.unlockOrDiscard(connection, pool);

        verify(connection).abort(any(Executor.class));
    }

    private static PreparedStatement unlockAnswering(Connection connection, boolean released) throws SQLException {
        PreparedStatement statement = mock(PreparedStatement.class);
        ResultSet result = mock(ResultSet.class);
        when(connection.prepareStatement("SELECT pg_advisory_unlock(?)")).thenReturn(statement);
        when(statement.executeQuery()).thenReturn(result);
        when(result.next()).thenReturn(true);
        when(result.getBoolean(1)).thenReturn(released);
        return statement;
    }
}
