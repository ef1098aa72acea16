package org.customervault.infra.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tells every vault node on this PostgreSQL that a customer's keys were destroyed, and waits until
 * each live node has dropped them from its memory. Nodes listen on a PostgreSQL channel
 * ({@code LISTEN}/{@code NOTIFY}), evict, and acknowledge in {@code key_eviction}; a node is live
 * while it renews its row in {@code vault_node} (every heartbeat). A node that does not answer in
 * time is named in the log and the erasure goes on: that node has lost its database connection, so
 * it can read no personal data anyway, and its cache keeps a key no longer than its maximum age.
 */
public final class KeyEvictionBroadcast implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyEvictionBroadcast.class);
    private static final String CHANNEL = "vault_key_erased";
    private static final Duration POLL = Duration.ofMillis(200);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final String nodeId;
    private final Consumer<String> evict;
    private final Duration heartbeat;
    private final Duration acknowledgementWait;
    private final Thread listener;
    private volatile boolean open = true;

    /** @param jdbc on the shared database, whose schema is migrated already */
    public KeyEvictionBroadcast(JdbcTemplate jdbc, String nodeId, Consumer<String> evict, Duration heartbeat,
                                Duration acknowledgementWait) {
        this.dataSource = jdbc.getDataSource();
        this.jdbc = jdbc;
        this.nodeId = nodeId;
        this.evict = evict;
        this.heartbeat = heartbeat;
        this.acknowledgementWait = acknowledgementWait;
        this.listener = new Thread(this::listenUntilClosed, "key-eviction-listener");
        this.listener.setDaemon(true);
    }

    /** Registers this node as live and starts listening. */
    public KeyEvictionBroadcast start() {
        beat();
        listener.start();
        return this;
    }

    /**
     * Announces the erasure of the subject's keys and waits for every other live node to evict them.
     *
     * @return the live nodes that did not acknowledge in time (empty when all did)
     */
    public List<String> evictEverywhere(String subjectId) {
        jdbc.queryForList("SELECT pg_notify(?, ?)", CHANNEL, subjectId);
        long deadline = System.nanoTime() + acknowledgementWait.toNanos();
        List<String> waitingFor = nodesNotAcknowledging(subjectId);
        while (!waitingFor.isEmpty() && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(5));
            waitingFor = nodesNotAcknowledging(subjectId);
        }
        if (!waitingFor.isEmpty()) {
            LOG.warn("nodes {} did not confirm dropping the keys of subject {} within {}; their caches expire them",
                    waitingFor, subjectId, acknowledgementWait);
        }
        return waitingFor;
    }

    /** How many nodes, this one included, renewed their row within the last three heartbeats. */
    public int liveNodes() {
        return jdbc.queryForObject("SELECT count(*) FROM vault_node WHERE seen_at > now() - make_interval(secs => ?)",
                Integer.class, liveness().toMillis() / 1000.0);
    }

    @Override
    public void close() {
        open = false;
        listener.interrupt();
        jdbc.update("DELETE FROM vault_node WHERE node_id = ?", nodeId);
    }

    private List<String> nodesNotAcknowledging(String subjectId) {
        return jdbc.queryForList("""
                SELECT n.node_id FROM vault_node n
                WHERE n.node_id <> ? AND n.seen_at > now() - make_interval(secs => ?)
                  AND NOT EXISTS (SELECT 1 FROM key_eviction e WHERE e.subject_id = ? AND e.node_id = n.node_id)""",
                String.class, nodeId, liveness().toMillis() / 1000.0, subjectId);
    }

    /** A node that missed three heartbeats is not waited for. */
    private Duration liveness() {
        return heartbeat.multipliedBy(3);
    }

    private void listenUntilClosed() {
        while (open) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                long nextBeat = 0;
                while (open) {
                    if (System.nanoTime() >= nextBeat) {
                        beat();
                        nextBeat = System.nanoTime() + heartbeat.toNanos();
                    }
                    PGNotification[] received = notifications.getNotifications((int) POLL.toMillis());
                    if (received != null) {
                        for (PGNotification notification : received) {
                            evictAndAcknowledge(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (open) {
                    LOG.warn("key eviction listener lost its database connection ({}); reconnecting", e.getClass().getName());
                    pause(heartbeat);
                }
            }
        }
    }

    private void evictAndAcknowledge(String subjectId) {
        evict.accept(subjectId);
        jdbc.update("INSERT INTO key_eviction (subject_id, node_id) VALUES (?, ?) ON CONFLICT DO NOTHING", subjectId, nodeId);
    }

    private void beat() {
        jdbc.update("""
                INSERT INTO vault_node (node_id, seen_at) VALUES (?, now())
                ON CONFLICT (node_id) DO UPDATE SET seen_at = now()""", nodeId);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
