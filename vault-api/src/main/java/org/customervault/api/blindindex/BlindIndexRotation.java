package org.customervault.api.blindindex;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.customervault.domain.crypto.IndexKeyStore;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.projections.customer.BlindIndexKeys;
import org.customervault.projections.customer.CustomerSearchReindex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotates the blind-index key online, in steps that can each run again, so that a rotation
 * interrupted anywhere (a crash, a kill, the key store or the database away) is finished by the
 * next attempt, on this node or another:
 *
 * <ol>
 * <li>the next key version is made in the key store (nodes racing agree on one key);</li>
 * <li>the database makes it the current version (see {@link BlindIndexRotations#switchTo}): from
 * then on every node writes tokens with it, and searches with both;</li>
 * <li>every customer's tokens are made again with it, in batches in id order, the position kept with
 * each batch's commit ({@link CustomerSearchReindex});</li>
 * <li>customers still holding a token of another version are re-indexed until none is left;</li>
 * <li>the old version is retired from search, its key destroyed in the key store, and when that
 * happened is recorded; the rotation is completed.</li>
 * </ol>
 *
 * A key the store can make again from a key it keeps ({@link IndexKeyStore#blindIndexKeyDerivable}: the
 * first key of a local key file that began as one bare line, derived from its master key) is retired
 * from search but not reported destroyed: the rotation says so, and every node destroys it, and
 * records when, within a {@code resume-interval} of a master-key rotation that retires that master key.
 *
 * One node works on a rotation at a time: the one holding a session advisory lock, on a connection
 * of its own for as long as it works. PostgreSQL releases the lock when that node dies, and every
 * node looks for a running rotation at start and every {@code resume-interval}, so another node (or
 * the same one restarted) takes over where the last batch committed.
 */
@Component
public class BlindIndexRotation implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(BlindIndexRotation.class);
    /** The session advisory lock of the node working on a rotation: "blindidx" in ASCII. */
    private static final long WORKER_LOCK = 0x626c696e64696478L;
    private static final int STALE_PER_ROUND = 1_000;

    private final BlindIndexRotations rotations;
    private final CustomerSearchReindex reindex;
    private final BlindIndexKeys keys;
    private final IndexKeyStore store;
    private final DataSource dataSource;
    private final TransactionTemplate transaction;
    private final BlindIndexRotationSettings settings;
    private final Counter reindexed;
    private final AtomicInteger working = new AtomicInteger();
    private final ExecutorService opening;
    private ScheduledExecutorService worker;

    BlindIndexRotation(BlindIndexRotations rotations, JdbcTemplate jdbc, SubjectCipher cipher, BlindIndexKeys keys,
                       IndexKeyStore store, DataSource dataSource, PlatformTransactionManager transactions,
                       BlindIndexRotationSettings settings, MeterRegistry registry) {
        this.rotations = rotations;
        AtomicInteger openers = new AtomicInteger();
        ThreadPoolExecutor openingThreads = new ThreadPoolExecutor(settings.threads(), settings.threads(), 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "blind-index-reindex-" + openers.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        // no thread waits idle between rotations, which are months apart
        openingThreads.allowCoreThreadTimeOut(true);
        this.opening = openingThreads;
        this.reindex = new CustomerSearchReindex(jdbc, cipher, keys, opening);
        this.keys = keys;
        this.store = store;
        this.dataSource = dataSource;
        this.transaction = new TransactionTemplate(transactions);
        this.settings = settings;
        this.reindexed = Counter.builder("vault.blind.index.reindexed")
                .description("Customers whose search tokens a blind-index rotation made again").register(registry);
        Gauge.builder("vault.blind.index.rotation.working", working, AtomicInteger::get)
                .description("1 while this node works on a blind-index rotation").register(registry);
    }

    /** Starts a rotation, or answers the one running; this node starts working on it at once. */
    Rotation start(String requestedBy) {
        UUID candidate = UUID.randomUUID();
        Rotation rotation = rotations.startOrRunning(candidate, requestedBy, store.newestBlindIndexVersion());
        if (rotation.id().equals(candidate)) {
            LOG.info("blind-index key rotation {} requested by {}: key version {} to {}, {} customers to re-index",
                    rotation.id(), requestedBy, rotation.fromVersion(), rotation.toVersion(), rotation.customersTotal());
        }
        ScheduledExecutorService running = worker;
        if (running != null) {
            running.execute(this::workOnRunningRotation);
        }
        return rotation;
    }

    /**
     * Drops destroyed keys from this node's memory, destroys retired keys that have become destroyable,
     * then takes up the running rotation, if there is one and no other node works on it.
     */
    private void workOnRunningRotation() {
        try {
            keys.refresh();
            destroyRetiredKeys();
        } catch (RuntimeException e) {
            LOG.warn("retired blind-index keys were not checked ({}: {}); again within {}",
                    e.getClass().getSimpleName(), e.getMessage(), settings.resumeInterval());
        }
        try {
            if (rotations.running().isEmpty()) {
                return;
            }
            try (Connection lockHolder = dataSource.getConnection()) {
                lockHolder.setAutoCommit(true);
                if (!advisoryLock(lockHolder, "pg_try_advisory_lock")) {
                    return;
                }
                try {
                    // read again under the lock: the node that held it may have completed it meanwhile
                    rotations.running().ifPresent(rotation -> work(rotation, lockHolder));
                } finally {
                    unlockOrDiscard(lockHolder, dataSource);
                }
            }
        } catch (RuntimeException | SQLException e) {
            LOG.warn("the blind-index key rotation stopped ({}: {}); it is taken up again within {}",
                    e.getClass().getSimpleName(), e.getMessage(), settings.resumeInterval());
        }
    }

    private void work(Rotation rotation, Connection lockHolder) {
        working.set(1);
        long started = System.nanoTime();
        long before = rotation.customersReindexed();
        try {
            if (before > 0 || rotation.reindexedUpTo() != null) {
                LOG.info("blind-index key rotation {} resumed: {} of about {} customers re-indexed before",
                        rotation.id(), before, rotation.customersTotal());
            }
            store.blindIndexKey(rotation.toVersion()).orElseThrow(() -> new KeyStoreUnavailableException(
                    "the key store did not make blind-index key version " + rotation.toVersion()
                            + " (may the vault's token update it? see docs/operations.md)", null));
            transaction.executeWithoutResult(status -> rotations.switchTo(rotation.toVersion()));
            long done = reindexAll(rotation, lockHolder) + reindexStale(rotation, lockHolder);
            transaction.executeWithoutResult(status -> rotations.retire());
            // this node drops the old key from its memory now; the others at their next search, write or resume-interval
            keys.refresh();
            List<Integer> derivable = destroyRetiredKeys();
            rotations.completed(rotation.id());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            double seconds = took.toNanos() / 1e9;
            LOG.info("blind-index key rotation {} completed: {} customers re-indexed in {} s ({} per second),"
                            + " key version {} {}, version {} in use", rotation.id(), done,
                    String.format("%.1f", seconds), Math.round(done / Math.max(seconds, 1e-3)), rotation.fromVersion(),
                    derivable.contains(rotation.fromVersion()) ? "retired from search" : "destroyed", rotation.toVersion());
            for (int version : derivable) {
                LOG.warn("blind-index key version {} is retired from search but NOT destroyed: it is derived from the master"
                        + " key, which the key file still holds; rotate the master key (POST /api/v1/admin/keys/rotation),"
                        + " and it is destroyed within {} after the old master key is retired", version,
                        settings.resumeInterval());
            }
        } finally {
            working.set(0);
        }
    }

    /**
     * Destroys in the key store the keys of versions retired from search and not destroyed yet, and
     * records when; a key the store can still derive from another key is left, and answered.
     */
    private List<Integer> destroyRetiredKeys() {
        List<Integer> derivable = new ArrayList<>();
        for (int version : rotations.toDestroy()) {
            if (store.blindIndexKeyDerivable(version)) {
                derivable.add(version);
            } else {
                store.destroyBlindIndexKey(version);
                rotations.destroyed(version, Instant.now());
                LOG.info("blind-index key version {} destroyed in the key store", version);
            }
        }
        return derivable;
    }

    /**
     * Releases the rotation's advisory lock before its connection goes back to the pool. Tried whether
     * or not the connection looks valid (a slow database is not a lost one); if the lock may still be
     * held, the connection is evicted from the pool (or aborted), which ends its session and the lock
     * with it, instead of being handed to another caller holding it.
     */
    static void unlockOrDiscard(Connection lockHolder, DataSource dataSource) {
        boolean unlocked;
        try {
            unlocked = advisoryLock(lockHolder, "pg_advisory_unlock");
        } catch (SQLException | RuntimeException e) {
            unlocked = false;
        }
        if (unlocked) {
            return;
        }
        LOG.warn("the blind-index rotation's advisory lock was not released; its connection is closed instead of pooled");
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(lockHolder);
            } else {
                lockHolder.abort(Runnable::run);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("the connection holding the blind-index rotation's advisory lock could not be closed ({}: {})",
                    e.getClass().getSimpleName(), e.getMessage());
        }
    }

    /** Every customer in id order from where the last committed batch ended; how many. */
    private long reindexAll(Rotation rotation, Connection lockHolder) {
        UUID upTo = rotation.reindexedUpTo();
        long done = 0;
        while (true) {
            requireStillTheWorker(lockHolder);
            UUID after = upTo;
            CustomerSearchReindex.Batch batch = transaction.execute(status -> {
                CustomerSearchReindex.Batch reindexedBatch = reindex.reindexAfter(after, settings.batchSize());
                rotations.progressed(rotation.id(), reindexedBatch.customers(), reindexedBatch.last());
                return reindexedBatch;
            });
            done += batch.customers();
            reindexed.increment(batch.customers());
            if (batch.customers() < settings.batchSize()) {
                return done;
            }
            upTo = batch.last();
            pause();
        }
    }

    /**
     * Customers that still hold a token of another version: registered or changed while the switch
     * waited. None is expected after the pass in id order; this makes sure before the key goes.
     */
    private long reindexStale(Rotation rotation, Connection lockHolder) {
        long done = 0;
        for (List<UUID> stale = reindex.stale(STALE_PER_ROUND); !stale.isEmpty(); stale = reindex.stale(STALE_PER_ROUND)) {
            requireStillTheWorker(lockHolder);
            List<UUID> customers = stale;
            int count = transaction.execute(status -> {
                int reindexedCount = reindex.reindex(customers);
                rotations.progressed(rotation.id(), reindexedCount, null);
                return reindexedCount;
            });
            if (count == 0) {
                throw new IllegalStateException("tokens of customers not in the customer view");
            }
            done += count;
            reindexed.increment(count);
        }
        return done;
    }

    /** The lock lives with its connection: once that is gone, another node may have taken the rotation up. */
    private static void requireStillTheWorker(Connection lockHolder) {
        try {
            if (!lockHolder.isValid(2)) {
                throw new IllegalStateException("the connection holding the rotation's lock was lost");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the connection holding the rotation's lock was lost", e);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("the vault is stopping");
        }
    }

    private void pause() {
        if (settings.pause().isZero()) {
            return;
        }
        try {
            Thread.sleep(settings.pause().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean advisoryLock(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, WORKER_LOCK);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** Looks for a rotation to take up at once, then every resume interval. */
    @Override
    public synchronized void start() {
        worker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "blind-index-rotation");
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::workOnRunningRotation, 0, settings.resumeInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A batch in flight commits or rolls back; the rotation resumes from the last commit at the next start. */
    @Override
    public void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = worker;
            worker = null;
        }
        stopping.shutdownNow();
        try {
            stopping.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return worker != null;
    }

    /** Started after the processors, stopped before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
