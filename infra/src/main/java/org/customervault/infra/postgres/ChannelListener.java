package org.customervault.infra.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears one PostgreSQL {@code NOTIFY} channel on one connection of its own, on a daemon thread, and
 * hands each notice's payload on. A notice is sent by a committed transaction of any node on the
 * same database. While the connection is lost no notice is heard, and none of those sent meanwhile
 * is heard later: whoever relies on notices must look for itself now and then, and is told each time
 * listening (re)starts ({@code onListening}) so that it can look at once. A lost connection is
 * replaced after a pause that doubles, from {@code firstPause} up to {@code longestPause}.
 */
public final class ChannelListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelListener.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** How long one wait for notices lasts: {@link #close()} waits for it to end, as an interrupt does not end it. */
    private static final Duration POLL = Duration.ofMillis(200);
    /**
     * How often the connection is proven alive: a connection whose server or network vanished
     * without closing it would otherwise be waited on for notices that never come.
     */
    private static final Duration PROOF_OF_LIFE = Duration.ofSeconds(2);
    private static final int PROOF_TIMEOUT_SECONDS = 2;

    private final DataSource connections;
    private final String channel;
    private final Consumer<String> onNotice;
    private final Runnable onListening;
    private final Duration firstPause;
    private final Duration longestPause;
    private final Thread thread;
    private volatile boolean open = true;
    private volatile boolean listening;

    /**
     * @param connections where its one connection comes from; a connection that fails is closed,
     *                    and the next one taken from there
     * @param channel     a lower-case SQL identifier
     */
    public ChannelListener(DataSource connections, String channel, Consumer<String> onNotice, Runnable onListening,
                           Duration firstPause, Duration longestPause) {
        if (!IDENTIFIER.matcher(channel).matches()) {
            throw new IllegalArgumentException("a channel is a lower-case SQL identifier");
        }
        this.connections = connections;
        this.channel = channel;
        this.onNotice = onNotice;
        this.onListening = onListening;
        this.firstPause = firstPause;
        this.longestPause = longestPause;
        this.thread = new Thread(this::listenUntilClosed, "listener-" + channel);
        this.thread.setDaemon(true);
    }

    public ChannelListener start() {
        thread.start();
        return this;
    }

    /** Whether it listens now; false while its connection is being replaced. */
    public boolean listening() {
        return listening;
    }

    /** Stops listening and hands the connection back, within one poll, or one proof of life if one is under way. */
    @Override
    public void close() {
        open = false;
        thread.interrupt();
        try {
            // a proof of life under way may hold the thread for its whole timeout before it sees it is closed
            thread.join(POLL.multipliedBy(5).plusSeconds(PROOF_TIMEOUT_SECONDS).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listenUntilClosed() {
        Duration pause = firstPause;
        boolean reported = false;
        while (open) {
            try (Connection connection = connections.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                listening = true;
                pause = firstPause;
                if (reported) {
                    LOG.info("listening on channel {} again", channel);
                    reported = false;
                }
                onListening.run();
                hearUntilClosed(connection.unwrap(PGConnection.class), connection);
            } catch (SQLException | RuntimeException lost) {
                listening = false;
                if (open) {
                    if (!reported) {
                        LOG.warn("lost the connection listening on channel {} ({}); trying again", channel,
                                lost.getClass().getName());
                        reported = true;
                    }
                    sleep(pause);
                    pause = pause.multipliedBy(2).compareTo(longestPause) > 0 ? longestPause : pause.multipliedBy(2);
                }
            }
        }
        listening = false;
    }

    private void hearUntilClosed(PGConnection notices, Connection connection) throws SQLException {
        long nextProof = System.nanoTime() + PROOF_OF_LIFE.toNanos();
        while (open) {
            PGNotification[] heard = notices.getNotifications((int) POLL.toMillis());
            if (heard != null) {
                for (PGNotification notice : heard) {
                    handOn(notice.getParameter());
                }
            }
            if (System.nanoTime() - nextProof >= 0) {
                if (!connection.isValid(PROOF_TIMEOUT_SECONDS)) {
                    throw new SQLException("the listening connection no longer answers");
                }
                nextProof = System.nanoTime() + PROOF_OF_LIFE.toNanos();
            }
        }
    }

    /** A notice that cannot be handled is dropped: it must not stop the notices after it. */
    private void handOn(String payload) {
        try {
            onNotice.accept(payload);
        } catch (RuntimeException e) {
            LOG.warn("a notice on channel {} could not be handled ({})", channel, e.getClass().getName());
        }
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            // close() interrupts: the loop sees it is closed
        }
    }
}
