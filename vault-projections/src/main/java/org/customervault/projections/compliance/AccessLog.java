package org.customervault.projections.compliance;

import java.sql.Array;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.AccessEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The access log: every read of personal data. A read is answered only once its entries are as
 * durable as an event (committed, and on disk: {@code synchronous_commit} as the database has it,
 * on for the embedded server). A few writers each commit the entries of every read waiting at that
 * moment together, so concurrent reads share the waits for the disk. If the entries cannot be written
 * within {@link #WAIT_FOR_DURABLE}, the read fails with {@link AccessLogUnavailableException} and
 * returns nothing.
 */
public class AccessLog implements AutoCloseable {

    static final Duration WAIT_FOR_DURABLE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private static final int QUEUE_CAPACITY = 100_000;
    /** Reads per commit, at most. */
    private static final int BATCH = 1_000;
    /** Commits that overlap share PostgreSQL's flushes of its WAL: a read waits for less than a whole flush. */
    private static final int WRITERS = 4;
    /** What the writers' own pool of connections needs: one each. */
    public static final int CONNECTIONS = WRITERS;
    private static final long IDLE_WAIT_MILLIS = 100;

    /** Each filter applies only when given (its parameter is not NULL); the parameters come in pairs. */
    private static final String WITHIN = """
            (?::uuid IS NULL OR subject_id = ?)
              AND (?::timestamptz IS NULL OR at >= ?)
              AND (?::timestamptz IS NULL OR at < ?)
              AND (?::text IS NULL OR actor = ?)""";

    /** {@link #WITHIN}'s parameters, then the position after which the page starts (or NULLs), size and offset. */
    private static final String FIND = """
            SELECT id, at, actor, subject_id, action, purpose, searched_by FROM access_log
            WHERE %s
              AND (?::timestamptz IS NULL OR (at, id) > (?::timestamptz, ?::bigint))
            ORDER BY at, id LIMIT ? OFFSET ?""".formatted(WITHIN);

    /** {@link #WITHIN}'s parameters, then the cap: counting stops there, as the log has no end to speak of. */
    private static final String COUNT = """
            SELECT count(*) FROM (SELECT 1 FROM access_log WHERE %s LIMIT ?) counted""".formatted(WITHIN);

    private static final String APPEND = """
            INSERT INTO access_log (at, actor, subject_id, action, purpose, searched_by)
            VALUES (?, ?, ?, ?, ?, ?)""";

    /** A statement that would outlast a read's wait is given up; as a parameter, which SET cannot take. */
    private static final String STATEMENT_TIMEOUT = """
            SELECT set_config('statement_timeout', ?, true)""";

    /** One read's entries, committed together and in their order: a search's own entry before those of the customers it showed. */
    private record Pending(List<AccessEntry> entries, CompletableFuture<Void> written) {
    }

    private final JdbcTemplate writing;
    private final JdbcTemplate reading;
    private final TransactionTemplate ownTransaction;
    private final BlockingQueue<Pending> queued = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final List<Thread> writers;
    private volatile boolean open = true;

    /**
     * @param writers connections for the writers alone: a read waiting for its entry holds one of
     *                the vault's connections, so the writers must not wait for those
     * @param readers connections for listing the log, so that an officer's queries never take a
     *                writer's connection from the reads waiting for it
     */
    public AccessLog(DataSource writers, DataSource readers) {
        this.writing = new JdbcTemplate(writers);
        this.reading = new JdbcTemplate(readers);
        this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(writers));
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.writers = IntStream.range(0, WRITERS).mapToObj(n -> {
            Thread writer = new Thread(this::writeUntilClosed, "access-log-writer-" + n);
            writer.setDaemon(true);
            writer.start();
            return writer;
        }).toList();
    }

    /** Records a read of these customers; returns once it is durable, or throws. */
    public void append(String actor, List<CustomerId> subjects, String action, String purpose, Instant at) {
        awaitDurable(subjects.stream().map(subject -> new AccessEntry(at, actor, subject, action, purpose, null)).toList());
    }

    /**
     * A search: one entry for the search itself, whether it found anyone or not, then one per
     * customer it showed, each naming the kinds of token compared ({@code searchedBy}).
     */
    public void appendSearch(String actor, List<String> searchedBy, List<CustomerId> shown, String action,
                             String purpose, Instant at) {
        List<AccessEntry> entries = new ArrayList<>();
        entries.add(new AccessEntry(at, actor, null, action, purpose, searchedBy));
        shown.forEach(subject -> entries.add(new AccessEntry(at, actor, subject, action, purpose, searchedBy)));
        awaitDurable(entries);
    }

    private void awaitDurable(List<AccessEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + WAIT_FOR_DURABLE.toNanos();
        try {
            Pending pending = new Pending(List.copyOf(entries), new CompletableFuture<>());
            if (!open || !queued.offer(pending, deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw new AccessLogUnavailableException("the access log is not taking entries");
            }
            pending.written().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException notWritten) {
            throw new AccessLogUnavailableException("the access log could not be written");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccessLogUnavailableException("interrupted while recording an access");
        }
    }

    /**
     * Which entries a listing is of: optionally one customer's (then without the searches' own entries), within
     * [from, to), and by one user (the actor, exactly as recorded).
     */
    public record Window(CustomerId subject, Instant from, Instant to, String actor) {

        public Window(CustomerId subject, Instant from, Instant to) {
            this(subject, from, to, null);
        }

        private Object[] parameters() {
            UUID subjectId = subject == null ? null : subject.uuid();
            Timestamp fromTime = from == null ? null : Timestamp.from(from);
            Timestamp toTime = to == null ? null : Timestamp.from(to);
            return new Object[] {subjectId, subjectId, fromTime, fromTime, toTime, toTime, actor, actor};
        }
    }

    /** A page of entries, oldest first, and where the next one starts (null on the last). */
    public record Page(List<AccessEntry> entries, Position next) {

        /** The last entry of a page: its instant and its place in the log. */
        public record Position(Instant at, long id) {
        }
    }

    /** Entries of the window, oldest first, from just after {@code after} or, when it is null, from {@code offset}. */
    public Page find(Window window, Page.Position after, long offset, int size) {
        List<Object> parameters = new ArrayList<>(Arrays.asList(window.parameters()));
        Timestamp afterTime = after == null ? null : Timestamp.from(after.at());
        parameters.addAll(Arrays.asList(afterTime, afterTime, after == null ? null : after.id()));
        parameters.add(size + 1);
        parameters.add(after == null ? offset : 0);
        List<Page.Position> positions = new ArrayList<>();
        List<AccessEntry> entries = reading.query(FIND, (row, n) -> {
            UUID entrySubject = row.getObject("subject_id", UUID.class);
            Array searchedBy = row.getArray("searched_by");
            Instant at = row.getTimestamp("at").toInstant();
            positions.add(new Page.Position(at, row.getLong("id")));
            return new AccessEntry(at, row.getString("actor"),
                    entrySubject == null ? null : new CustomerId(entrySubject), row.getString("action"),
                    row.getString("purpose"), searchedBy == null ? null : List.of((String[]) searchedBy.getArray()));
        }, parameters.toArray());
        if (entries.size() <= size) {
            return new Page(entries, null);
        }
        return new Page(List.copyOf(entries.subList(0, size)), positions.get(size - 1));
    }

    /** How many entries the window holds, counting no further than {@code cap}. */
    public long count(Window window, long cap) {
        List<Object> parameters = new ArrayList<>(Arrays.asList(window.parameters()));
        parameters.add(cap);
        return reading.queryForObject(COUNT, Long.class, parameters.toArray());
    }

    @Override
    public void close() {
        open = false;
        writers.forEach(Thread::interrupt);
        try {
            for (Thread writer : writers) {
                writer.join(WAIT_FOR_DURABLE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = new ArrayList<>();
        queued.drainTo(left);
        left.forEach(pending -> pending.written().completeExceptionally(new AccessLogUnavailableException("closed")));
    }

    /** Takes what is waiting, up to a batch, and commits it in one transaction: one wait for the disk. */
    private void writeUntilClosed() {
        while (open) {
            List<Pending> batch = new ArrayList<>(BATCH);
            try {
                Pending first = queued.poll(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queued.drainTo(batch, BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                batch.forEach(pending -> pending.written().completeExceptionally(e));
                return;
            } catch (Throwable unexpected) {
                // whatever it was, the writer goes on: a dead writer would refuse every read from now on
                batch.forEach(pending -> pending.written().completeExceptionally(unexpected));
            }
        }
    }

    /**
     * Commits a batch; if that fails, each read's entries alone, so that one entry the database
     * refuses does not fail the other reads of its batch. The reads whose entries cannot be written
     * fail closed.
     */
    private void commit(List<Pending> batch) {
        try {
            write(batch.stream().flatMap(pending -> pending.entries().stream()).toList());
            batch.forEach(pending -> pending.written().complete(null));
        } catch (RuntimeException batchFailed) {
            LOG.error("cannot write the access log: {}", batchFailed.getClass().getName());
            for (Pending pending : batch) {
                try {
                    write(pending.entries());
                    pending.written().complete(null);
                } catch (RuntimeException failed) {
                    pending.written().completeExceptionally(failed);
                }
            }
        }
    }

    private void write(List<AccessEntry> batch) {
        ownTransaction.executeWithoutResult(status -> {
            // a read waits at most WAIT_FOR_DURABLE: a statement that would outlast it is given up
            writing.queryForObject(STATEMENT_TIMEOUT, String.class, WAIT_FOR_DURABLE.toMillis() + "ms");
            writing.batchUpdate(APPEND, batch, batch.size(), (statement, entry) -> {
                        statement.setTimestamp(1, Timestamp.from(entry.at()));
                        statement.setString(2, entry.actor());
                        statement.setObject(3, entry.subjectId() == null ? null : entry.subjectId().uuid(), Types.OTHER);
                        statement.setString(4, entry.action());
                        statement.setString(5, entry.purpose());
                        statement.setArray(6, entry.searchedBy() == null ? null
                                : statement.getConnection().createArrayOf("varchar", entry.searchedBy().toArray()));
                    });
        });
    }
}
