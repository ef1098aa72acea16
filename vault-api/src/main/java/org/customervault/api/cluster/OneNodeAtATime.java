package org.customervault.api.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs a scheduled job on one node of a cluster at a time: the node holding a transaction-scoped advisory
 * lock, on a connection of its own, for as long as the job runs. PostgreSQL releases the lock when that
 * transaction ends, or when the node's connection does, so a node that dies in the middle leaves the next
 * run to any other. The job itself works through the pool, and must be one that another node may repeat.
 */
public final class OneNodeAtATime {

    private OneNodeAtATime() {
    }

    /**
     * Runs {@code job} if no other node holds {@code lock}, and answers whether it ran.
     *
     * @param lock a number of the job's own, e.g. its name's first eight characters in ASCII
     */
    public static boolean run(DataSource dataSource, long lock, Runnable job) throws SQLException {
        try (Connection lockHolder = dataSource.getConnection()) {
            lockHolder.setAutoCommit(false);
            try {
                if (!locked(lockHolder, lock)) {
                    return false;
                }
                job.run();
                return true;
            } finally {
                // ends the transaction, and the lock with it
                lockHolder.rollback();
            }
        }
    }

    private static boolean locked(Connection connection, long lock) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            statement.setLong(1, lock);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
