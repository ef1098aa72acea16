package org.customervault.infra.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.customervault.domain.crypto.SigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links new rows of each log into its hash chain, every {@code interval}, and signs a checkpoint
 * every {@code checkpointLinks} links or {@code checkpointInterval}, whichever comes first. Appends
 * never wait for it: rows are chained after they commit, by one node at a time (a PostgreSQL
 * advisory lock, held for the pass and the copy of the checkpoint kept outside the database).
 *
 * <p>A row's place (global index, id, completion number) is taken from a sequence before its
 * transaction commits, so a lower place can become visible after a higher one. Each pass links
 * rows past the highest place linked and rows in the gaps below it; a gap is given up only once
 * every transaction that was running when the row above it was linked has ended (PostgreSQL's
 * {@code pg_stat_activity}), so the gap's own transaction has ended and its row, had it committed,
 * would have been found. A late row is thus linked late, at a later position, never skipped.
 *
 * <p>The chainer never signs a chain that does not extend the newest checkpoint (in the database
 * or kept outside it): if the link at a checkpoint's position is not the one signed, it stops
 * chaining, says so in the log, and leaves the evidence as it is.
 */
public final class IntegrityChainer implements AutoCloseable {

    /** How often to chain, when to sign, and how many rows of one log one transaction links at most. */
    public record Settings(Duration interval, Duration checkpointInterval, long checkpointLinks, int batchSize) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(IntegrityChainer.class);
    /**
     * The advisory lock a node holds while it chains: "cvchain" as a number, unlikely to be anyone
     * else's. Whoever holds it (an operator's session, say) pauses the chaining.
     */
    public static final long LOCK = 0x0063_7663_6861_696EL;
    private static final int MAX_GAPS = 10_000;

    private final DataSource dataSource;
    private final SigningKey signingKey;
    private final KeptCheckpoint kept;
    private final Settings settings;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "integrity-chainer");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String refusal;

    public IntegrityChainer(DataSource dataSource, SigningKey signingKey, KeptCheckpoint kept, Settings settings) {
        this.dataSource = dataSource;
        this.signingKey = signingKey;
        this.kept = kept;
        this.settings = settings;
    }

    public IntegrityChainer start() {
        scheduler.scheduleWithFixedDelay(this::chainWhatIsNew, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void chainWhatIsNew() {
        try {
            while (pass() && !Thread.currentThread().isInterrupted()) {
                // a full batch: more rows are waiting
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot chain the logs now: {}", e.getMessage());
        }
    }

    /**
     * One pass, if no other node is chaining: links new rows, signs a checkpoint if one is due, and
     * keeps the newest checkpoint outside the database. True if a log had more rows than one batch.
     */
    public boolean pass() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!advisoryLock(connection, "SELECT pg_try_advisory_lock(?)")) {
                return false;
            }
            try {
                boolean more = chain(connection);
                keepNewestOutside(connection);
                return more;
            } finally {
                advisoryLock(connection, "SELECT pg_advisory_unlock(?)");
            }
        }
    }

    private boolean chain(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try {
            // before anything is read: a transaction running now may still fill a gap seen below
            Instant oldestRunning = oldestRunningTransaction(connection);
            Optional<Checkpoint> reference = newestCheckpoint(connection);
            if (reference.isPresent()) {
                requireExtending(connection, reference.get());
            }
            if (refusal != null) {
                LOG.info("the hash chains extend the newest checkpoint again; chaining resumes");
                refusal = null;
            }
            Map<ChainedLog, Checkpoint.Head> heads = new EnumMap<>(ChainedLog.class);
            boolean more = false;
            for (ChainedLog log : ChainedLog.values()) {
                more |= linkNewRows(connection, log, oldestRunning, heads);
            }
            signIfDue(connection, reference, heads);
            connection.commit();
            return more;
        } catch (NotSigning refused) {
            if (!refused.getMessage().equals(refusal)) {
                LOG.error("not chaining or signing: {}; see GET /api/v1/compliance/integrity", refused.getMessage());
            }
            refusal = refused.getMessage();
            connection.rollback();
            return false;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Why the chainer will not extend the chains: the evidence says they were changed. */
    private static final class NotSigning extends Exception {

        NotSigning(String why) {
            super(why, null, false, false);
        }
    }

    /** The newer of the database's newest checkpoint and the one kept outside, each of them genuine. */
    private Optional<Checkpoint> newestCheckpoint(Connection connection) throws SQLException, NotSigning {
        Optional<Checkpoint> newest = Optional.empty();
        Optional<String> inDatabase = newestInDatabase(connection);
        if (inDatabase.isPresent()) {
            newest = Optional.of(Checkpoint.verified(signingKey.publicKey(), inDatabase.get()).orElseThrow(() ->
                    new NotSigning("the newest checkpoint in the database is not signed by this deployment's signing key")));
        }
        Optional<String> outside = kept.newest();
        if (outside.isPresent()) {
            Checkpoint keptCheckpoint = Checkpoint.verified(signingKey.publicKey(), outside.get()).orElseThrow(() ->
                    new NotSigning("the checkpoint kept outside the database is not signed by this deployment's signing key"));
            if (newest.isEmpty() || keptCheckpoint.sequence() > newest.get().sequence()) {
                newest = Optional.of(keptCheckpoint);
            }
        }
        return newest;
    }

    private static void requireExtending(Connection connection, Checkpoint checkpoint) throws SQLException, NotSigning {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT link FROM integrity_link WHERE log = ? AND position = ?")) {
            for (ChainedLog log : ChainedLog.values()) {
                Checkpoint.Head head = checkpoint.head(log);
                if (head.position() == 0) {
                    continue;
                }
                statement.setString(1, log.label());
                statement.setLong(2, head.position());
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next() || !Arrays.equals(row.getBytes(1), head.link())) {
                        throw new NotSigning("the " + log.label() + " chain at position " + head.position()
                                + " is not the one checkpoint " + checkpoint.sequence() + " signed");
                    }
                }
            }
        }
    }

    /** Links up to one batch of the log's new rows; true if there may be more. */
    private boolean linkNewRows(Connection connection, ChainedLog log, Instant oldestRunning,
                                Map<ChainedLog, Checkpoint.Head> heads) throws SQLException {
        long through = watermark(connection, log);
        NavigableMap<Long, Instant> linkedAbove = linkedPlacesAbove(connection, log, through);
        long highest = linkedAbove.isEmpty() ? through : linkedAbove.lastKey();
        List<Long> gaps = new ArrayList<>();
        for (long place = through + 1; place < highest && gaps.size() < MAX_GAPS; place++) {
            if (!linkedAbove.containsKey(place)) {
                gaps.add(place);
            }
        }
        long position = 0;
        byte[] link = new byte[0];
        try (PreparedStatement last = connection.prepareStatement(
                "SELECT position, link FROM integrity_link WHERE log = ? ORDER BY position DESC LIMIT 1")) {
            last.setString(1, log.label());
            try (ResultSet row = last.executeQuery()) {
                if (row.next()) {
                    position = row.getLong(1);
                    link = row.getBytes(2);
                }
            }
        }
        int linked = 0;
        try (PreparedStatement unlinked = connection.prepareStatement(log.unlinkedRows);
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO integrity_link (log, position, row_key, row_place, row_hash, link, chained_at)
                     VALUES (?, ?, ?, ?, ?, ?, clock_timestamp())""")) {
            unlinked.setLong(1, highest);
            unlinked.setArray(2, connection.createArrayOf("bigint", gaps.toArray()));
            unlinked.setInt(3, settings.batchSize());
            unlinked.setFetchSize(settings.batchSize());
            try (ResultSet row = unlinked.executeQuery()) {
                while (row.next()) {
                    byte[] rowHash = log.rowHash(row);
                    position++;
                    link = log.link(position, link, rowHash);
                    insert.setString(1, log.label());
                    insert.setLong(2, position);
                    insert.setString(3, row.getString("found_key"));
                    insert.setLong(4, row.getLong("found_place"));
                    insert.setBytes(5, rowHash);
                    insert.setBytes(6, link);
                    insert.addBatch();
                    linked++;
                }
            }
            if (linked > 0) {
                insert.executeBatch();
            }
        }
        // the rows just linked count as linked above; their own gaps wait for a later pass
        NavigableMap<Long, Instant> nowLinked = linkedPlacesAbove(connection, log, through);
        // a gap past the ones looked up in this pass may hold a row that committed late: never give it up unseen
        long lookedUpThrough = gaps.size() < MAX_GAPS ? highest : gaps.get(gaps.size() - 1);
        long newThrough = through;
        while (true) {
            long next = newThrough + 1;
            Map.Entry<Long, Instant> above = nowLinked.ceilingEntry(next);
            if (above == null || (above.getKey() != next
                    && (above.getValue().isAfter(oldestRunning) || next > lookedUpThrough))) {
                break;
            }
            newThrough = next;
        }
        if (newThrough != through) {
            try (PreparedStatement update = connection.prepareStatement("""
                    INSERT INTO integrity_watermark (log, through) VALUES (?, ?)
                    ON CONFLICT (log) DO UPDATE SET through = EXCLUDED.through""")) {
                update.setString(1, log.label());
                update.setLong(2, newThrough);
                update.executeUpdate();
            }
        }
        heads.put(log, new Checkpoint.Head(position, link, newThrough));
        return linked == settings.batchSize();
    }

    private void signIfDue(Connection connection, Optional<Checkpoint> reference, Map<ChainedLog, Checkpoint.Head> heads)
            throws SQLException {
        long linksSince = 0;
        boolean moved = false;
        for (ChainedLog log : ChainedLog.values()) {
            Checkpoint.Head before = reference.map(checkpoint -> checkpoint.head(log)).orElse(Checkpoint.Head.EMPTY);
            Checkpoint.Head now = heads.get(log);
            linksSince += now.position() - before.position();
            moved |= now.position() != before.position() || now.through() != before.through();
        }
        Instant now = databaseNow(connection);
        boolean due = reference.isEmpty() || linksSince >= settings.checkpointLinks()
                || !reference.get().signedAt().plus(settings.checkpointInterval()).isAfter(now);
        if (!moved || !due) {
            return;
        }
        long sequence = reference.map(Checkpoint::sequence).orElse(0L) + 1;
        Checkpoint checkpoint = Checkpoint.signed(signingKey, sequence, now, heads);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO integrity_checkpoint (sequence, jws) VALUES (?, ?)")) {
            insert.setLong(1, checkpoint.sequence());
            insert.setString(2, checkpoint.jws());
            insert.executeUpdate();
        }
    }

    /** After the commit: a checkpoint kept outside before its links were committed would name links that may never exist. */
    private void keepNewestOutside(Connection connection) throws SQLException {
        Optional<Checkpoint> inDatabase = newestInDatabase(connection)
                .flatMap(jws -> Checkpoint.verified(signingKey.publicKey(), jws));
        if (inDatabase.isEmpty()) {
            return;
        }
        long keptSequence = kept.newest().flatMap(jws -> Checkpoint.verified(signingKey.publicKey(), jws))
                .map(Checkpoint::sequence).orElse(0L);
        if (inDatabase.get().sequence() > keptSequence) {
            kept.keep(inDatabase.get().jws());
        }
    }

    private static Optional<String> newestInDatabase(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT jws FROM integrity_checkpoint ORDER BY sequence DESC LIMIT 1");
             ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
        }
    }

    private static long watermark(Connection connection, ChainedLog log) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT through FROM integrity_watermark WHERE log = ?")) {
            statement.setString(1, log.label());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** The places linked above the watermark, each with when it was linked. */
    private static NavigableMap<Long, Instant> linkedPlacesAbove(Connection connection, ChainedLog log, long through)
            throws SQLException {
        NavigableMap<Long, Instant> linked = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT row_place, chained_at FROM integrity_link WHERE log = ? AND row_place > ?""")) {
            statement.setString(1, log.label());
            statement.setLong(2, through);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    linked.put(row.getLong(1), row.getTimestamp(2).toInstant());
                }
            }
        }
        return linked;
    }

    /**
     * When the oldest transaction of any other session began, or now if none is running. The
     * vault's own sessions all connect as one role, whose transactions this role can see.
     */
    private static Instant oldestRunningTransaction(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT COALESCE(min(xact_start), statement_timestamp()) FROM pg_stat_activity
                WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid()""");
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getTimestamp(1).toInstant();
        }
    }

    private static Instant databaseNow(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT clock_timestamp()");
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getTimestamp(1).toInstant();
        }
    }

    private static boolean advisoryLock(Connection connection, String call) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(call)) {
            statement.setLong(1, LOCK);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }
}
