package org.customervault.infra.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.customervault.domain.crypto.CacheLease;
import org.customervault.domain.customer.api.NodeEviction;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes every vault node on this PostgreSQL drop an erased customer from its memory, and measures
 * that each did. An erasure is appended to a durable feed ({@code erasure_feed}); every node reads
 * the feed from where it stopped at each heartbeat, at once when a {@code NOTIFY} wakes it, and
 * whenever its connection comes back, evicts what it finds, and in the same transaction
 * acknowledges it ({@code key_eviction}) and renews its row in {@code vault_node}. So a node that
 * is live (renewed its row within the cache lease) has acknowledged every erasure announced before
 * its last heartbeat, and a node that cannot read the feed stops renewing its row and its
 * {@link CacheLease} at once: when the lease lapses it decrypts nothing from memory. The erasure
 * therefore waits until every live node has acknowledged; a node that does not is waited for no
 * longer than its lease can last, and is reported fenced.
 */
public final class ErasureFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ErasureFeed.class);
    private static final String CHANNEL = "vault_key_erased";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration ACKNOWLEDGEMENT_POLL = Duration.ofMillis(10);
    private static final Duration FORGET_NODES_AFTER = Duration.ofDays(1);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String nodeId;
    private final Consumer<String> evict;
    private final CacheLease lease;
    private final Duration heartbeat;
    private final Duration leaseLength;
    private final Thread listener;
    private volatile boolean open = true;
    /** The last position read; touched by the listener thread only, once started. */
    private long position;

    /**
     * @param jdbc        on the shared database, whose schema is migrated already
     * @param leaseLength how long a heartbeat lets this node trust its caches, and how long an
     *                    erasure waits for a node that does not acknowledge it
     */
    public ErasureFeed(JdbcTemplate jdbc, String nodeId, Consumer<String> evict, CacheLease lease, Duration heartbeat,
                       Duration leaseLength) {
        if (leaseLength.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("the cache lease must last at least two heartbeats");
        }
        this.dataSource = jdbc.getDataSource();
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        this.nodeId = nodeId;
        this.evict = evict;
        this.lease = lease;
        this.heartbeat = heartbeat;
        this.leaseLength = leaseLength;
        this.listener = new Thread(this::listenUntilClosed, "erasure-feed");
        this.listener.setDaemon(true);
    }

    /**
     * Starts reading the feed after its current end: every erasure announced so far destroyed its
     * key before it was announced, so this node, whose caches are empty, can never have held it.
     */
    public ErasureFeed start() {
        jdbc.update("DELETE FROM vault_node WHERE seen_at < now() - make_interval(secs => ?)", seconds(FORGET_NODES_AFTER));
        position = jdbc.queryForObject("SELECT coalesce(max(position), 0) FROM erasure_feed", Long.class);
        // after reading the end: an erasure announced before this time is one this node cannot hold
        jdbc.update("""
                INSERT INTO vault_node (node_id, seen_at, started_at) VALUES (?, now(), clock_timestamp())
                ON CONFLICT (node_id) DO UPDATE SET seen_at = now(), started_at = clock_timestamp()""", nodeId);
        listener.start();
        return this;
    }

    /**
     * Evicts the subject here, announces the erasure (its keys are destroyed already), and waits
     * until every other live node has acknowledged it or has let its lease lapse.
     */
    public Acknowledgements evictEverywhere(String subjectId) {
        evict.accept(subjectId);
        announce(subjectId);
        jdbc.update("""
                INSERT INTO key_eviction (subject_id, node_id, evicted_at) VALUES (?, ?, clock_timestamp())
                ON CONFLICT DO NOTHING""", subjectId, nodeId);
        // a node silent since before the announcement is no longer live once its lease is over
        long deadline = System.nanoTime() + leaseLength.plus(heartbeat).toNanos();
        List<String> waitingFor = nodesNotAcknowledging(subjectId);
        while (!waitingFor.isEmpty() && System.nanoTime() < deadline) {
            pause(ACKNOWLEDGEMENT_POLL);
            waitingFor = nodesNotAcknowledging(subjectId);
        }
        if (!waitingFor.isEmpty()) {
            LOG.warn("nodes {} neither acknowledged the erasure of subject {} nor stopped renewing their lease within {}",
                    waitingFor, subjectId, leaseLength.plus(heartbeat));
        }
        return new Acknowledgements(measured(subjectId), waitingFor);
    }

    /** How many nodes, this one included, renewed their row within the cache lease. */
    public int liveNodes() {
        return jdbc.queryForObject("SELECT count(*) FROM vault_node WHERE seen_at > now() - make_interval(secs => ?)",
                Integer.class, seconds(leaseLength));
    }

    /** Stops listening, then leaves the node table: a heartbeat still running would otherwise write its row back. */
    @Override
    public void close() {
        open = false;
        listener.interrupt();
        // The listener hands its connection back before the pool it came from is closed: a poll for
        // notifications does not end on an interrupt, but within POLL.
        try {
            listener.join(POLL.multipliedBy(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jdbc.update("DELETE FROM vault_node WHERE node_id = ?", nodeId);
    }

    /**
     * What an erasure measured: each node's outcome, and the live nodes that had neither
     * acknowledged nor gone silent when the wait ended (none, unless the database's clock jumped).
     */
    public record Acknowledgements(List<NodeEviction> nodes, List<String> waitingFor) {

        public boolean complete() {
            return waitingFor.isEmpty();
        }
    }

    /**
     * Appends under the table's lock: positions then commit in their order, and a node that has read
     * up to one position has seen every erasure before it.
     */
    private void announce(String subjectId) {
        transactions.executeWithoutResult(status -> {
            jdbc.execute("LOCK TABLE erasure_feed IN EXCLUSIVE MODE");
            jdbc.update("INSERT INTO erasure_feed (subject_id) VALUES (?)", subjectId);
            // the subject too: a node of the previous version evicts what the notice names
            jdbc.queryForList("SELECT pg_notify(?, ?)", CHANNEL, subjectId);
        });
    }

    /** Live nodes that neither acknowledged nor started after the subject's first announcement. */
    private List<String> nodesNotAcknowledging(String subjectId) {
        return jdbc.queryForList("""
                SELECT n.node_id FROM vault_node n
                WHERE n.seen_at > now() - make_interval(secs => ?)
                  AND n.started_at <= (SELECT min(announced_at) FROM erasure_feed WHERE subject_id = ?)
                  AND NOT EXISTS (SELECT 1 FROM key_eviction e WHERE e.subject_id = ? AND e.node_id = n.node_id)""",
                String.class, seconds(leaseLength), subjectId, subjectId);
    }

    /**
     * Every node that acknowledged, and every node live when the erasure was first announced (a
     * retry announces again) that did not: the latter renewed nothing since, so its lease lapsed at
     * the latest one lease after its last heartbeat.
     */
    private List<NodeEviction> measured(String subjectId) {
        return jdbc.query("""
                WITH announced AS (SELECT min(announced_at) AS at FROM erasure_feed WHERE subject_id = ?)
                SELECT node_id, e.evicted_at, n.seen_at + make_interval(secs => ?) AS lapsed_at
                FROM (SELECT node_id, evicted_at FROM key_eviction WHERE subject_id = ?) e
                FULL JOIN vault_node n USING (node_id)
                WHERE e.evicted_at IS NOT NULL
                   OR (n.seen_at > (SELECT at FROM announced) - make_interval(secs => ?)
                       AND n.started_at <= (SELECT at FROM announced))
                ORDER BY node_id""",
                (row, n) -> row.getTimestamp("evicted_at") != null
                        ? new NodeEviction(row.getString("node_id"), NodeEviction.Outcome.EVICTED,
                                row.getTimestamp("evicted_at").toInstant())
                        : new NodeEviction(row.getString("node_id"), NodeEviction.Outcome.FENCED,
                                row.getTimestamp("lapsed_at").toInstant()),
                subjectId, seconds(leaseLength), subjectId, seconds(leaseLength));
    }

    private void listenUntilClosed() {
        boolean reported = false;
        while (open) {
            try (Connection connection = dataSource.getConnection()) {
                try {
                    listen(connection);
                    if (reported) {
                        LOG.info("erasure feed reconnected and read up to position {}", position);
                        reported = false;
                    }
                    PGConnection notifications = connection.unwrap(PGConnection.class);
                    long nextBeat = System.nanoTime() + heartbeat.toNanos();
                    while (open) {
                        PGNotification[] woken = notifications.getNotifications((int) POLL.toMillis());
                        if (woken != null && woken.length > 0 || System.nanoTime() - nextBeat >= 0) {
                            beat(connection, named(woken));
                            nextBeat = System.nanoTime() + heartbeat.toNanos();
                        }
                    }
                } finally {
                    stopListening(connection);
                }
            } catch (SQLException | RuntimeException e) {
                if (open) {
                    if (!reported) {
                        LOG.warn("erasure feed lost its database connection ({}); this node's caches are passed by"
                                + " once its lease lapses, until it reads the feed again", e.getClass().getName());
                        reported = true;
                    }
                    pause(heartbeat);
                }
            }
        }
    }

    /** Listens, then reads what was announced while it was not listening. */
    private void listen(Connection connection) throws SQLException {
        try (PreparedStatement name = connection.prepareStatement("SELECT set_config('application_name', ?, false)")) {
            name.setString(1, "vault erasure feed " + nodeId);
            name.execute();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
        beat(connection, List.of());
    }

    /**
     * Renews this node's row, reads the feed, evicts and acknowledges in one transaction, and only
     * once it commits the lease, from the moment before the transaction began: the row's time
     * ({@code now()}, the transaction's start) is never later than the feed's reading.
     */
    private void beat(Connection connection, List<String> notified) throws SQLException {
        long provenAt = System.nanoTime();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement timeout = connection.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
                timeout.setString(1, heartbeat.toMillis() + "ms");
                timeout.execute();
            }
            try (PreparedStatement renew = connection.prepareStatement("""
                    INSERT INTO vault_node (node_id, seen_at) VALUES (?, now())
                    ON CONFLICT (node_id) DO UPDATE SET seen_at = now()""")) {
                renew.setString(1, nodeId);
                renew.executeUpdate();
            }
            List<String> erased = new ArrayList<>(notified);
            long readUpTo = position;
            try (PreparedStatement read = connection.prepareStatement(
                    "SELECT position, subject_id FROM erasure_feed WHERE position > ? ORDER BY position")) {
                read.setLong(1, position);
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        readUpTo = rows.getLong(1);
                        erased.add(rows.getString(2));
                    }
                }
            }
            erased.forEach(evict);
            if (!erased.isEmpty()) {
                acknowledge(connection, erased);
            }
            connection.commit();
            position = readUpTo;
            lease.renew(provenAt, leaseLength);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection);
            throw e;
        } finally {
            autoCommitQuietly(connection);
        }
    }

    private void acknowledge(Connection connection, List<String> erased) throws SQLException {
        Array subjects = connection.createArrayOf("varchar", erased.toArray());
        try (PreparedStatement acknowledge = connection.prepareStatement("""
                INSERT INTO key_eviction (subject_id, node_id, evicted_at) SELECT unnest(?::varchar[]), ?, clock_timestamp()
                ON CONFLICT DO NOTHING""")) {
            acknowledge.setArray(1, subjects);
            acknowledge.setString(2, nodeId);
            acknowledge.executeUpdate();
        } finally {
            subjects.free();
        }
    }

    /**
     * The subjects a notice named: announcements carry them so that, while nodes of the previous
     * version (which announce by notice alone) still run, their erasures are evicted too.
     */
    private static List<String> named(PGNotification[] notices) {
        List<String> subjects = new ArrayList<>();
        if (notices != null) {
            for (PGNotification notice : notices) {
                if (!notice.getParameter().isEmpty()) {
                    subjects.add(notice.getParameter());
                }
            }
        }
        return subjects;
    }

    /** The connection goes back to the pool as it came, unless it is broken, and then the pool drops it. */
    private static void stopListening(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
            statement.execute("RESET application_name");
        } catch (SQLException broken) {
            // nothing to undo on a connection that is gone
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException broken) {
            // the transaction ends with the connection
        }
    }

    private static void autoCommitQuietly(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException broken) {
            // the pool drops a broken connection
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
