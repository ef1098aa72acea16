package org.customervault.projections.compliance;

import java.sql.Array;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * The access log: every read of personal data. A read only queues its entries; one writer inserts
 * them in batches, in transactions of their own whose commits do not wait for the disk
 * (synchronous_commit off), so the log costs a read almost nothing. A crash can lose the last
 * fraction of a second of entries, never corrupt them. The queue is bounded: when the writer falls
 * behind, reads wait rather than go unrecorded. Anyone reading the log first gets every queued
 * entry written.
 */
public class AccessLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private static final int QUEUE_CAPACITY = 100_000;
    private static final int BATCH = 1_000;
    private static final long IDLE_WAIT_MILLIS = 100;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final BlockingQueue<AccessEntry> queued = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    private volatile boolean open = true;

    public AccessLog(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.writer = new Thread(this::writeUntilClosed, "access-log-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public void append(String actor, List<CustomerId> subjects, String action, String purpose, Instant at) {
        for (CustomerId subject : subjects) {
            enqueue(new AccessEntry(at, actor, subject, action, purpose, null));
        }
    }

    /**
     * A search: one entry for the search itself, whether it found anyone or not, then one per
     * customer it showed, each naming the kinds of token compared ({@code searchedBy}).
     */
    public void appendSearch(String actor, List<String> searchedBy, List<CustomerId> shown, String action,
                             String purpose, Instant at) {
        enqueue(new AccessEntry(at, actor, null, action, purpose, searchedBy));
        for (CustomerId subject : shown) {
            enqueue(new AccessEntry(at, actor, subject, action, purpose, searchedBy));
        }
    }

    private void enqueue(AccessEntry entry) {
        try {
            queued.put(entry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording an access", e);
        }
    }

    /** Entries oldest first, optionally for one customer (then without the searches' own entries) and within [from, to). */
    public List<AccessEntry> find(CustomerId subject, Instant from, Instant to, int page, int size) {
        flush();
        StringBuilder sql = new StringBuilder("SELECT at, actor, subject_id, action, purpose, searched_by FROM access_log WHERE true");
        List<Object> arguments = new ArrayList<>();
        if (subject != null) {
            sql.append(" AND subject_id = ?");
            arguments.add(UUID.fromString(subject.value()));
        }
        if (from != null) {
            sql.append(" AND at >= ?");
            arguments.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND at < ?");
            arguments.add(Timestamp.from(to));
        }
        sql.append(" ORDER BY at, id LIMIT ? OFFSET ?");
        arguments.add(size);
        arguments.add((long) page * size);
        return jdbc.query(sql.toString(), (row, n) -> {
            String subjectId = row.getString("subject_id");
            Array searchedBy = row.getArray("searched_by");
            return new AccessEntry(row.getTimestamp("at").toInstant(), row.getString("actor"),
                    subjectId == null ? null : CustomerId.of(subjectId), row.getString("action"), row.getString("purpose"),
                    searchedBy == null ? null : List.of((String[]) searchedBy.getArray()));
        }, arguments.toArray());
    }

    /** Writes every queued entry now. */
    public synchronized void flush() {
        List<AccessEntry> batch = new ArrayList<>(BATCH);
        while (queued.drainTo(batch, BATCH) > 0) {
            write(batch);
            batch.clear();
        }
    }

    @Override
    public void close() {
        open = false;
        writer.interrupt();
        flush();
    }

    private void writeUntilClosed() {
        while (open) {
            try {
                AccessEntry first = queued.poll(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    synchronized (this) {
                        List<AccessEntry> batch = new ArrayList<>(BATCH);
                        batch.add(first);
                        queued.drainTo(batch, BATCH - 1);
                        write(batch);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a failed batch is lost; say so loudly, and keep writing the ones that follow
                LOG.error("cannot write a batch of the access log: {}", e.getClass().getName());
            }
        }
    }

    private void write(List<AccessEntry> batch) {
        ownTransaction.executeWithoutResult(status -> {
            jdbc.execute("SET LOCAL synchronous_commit TO OFF");
            jdbc.batchUpdate("""
                    INSERT INTO access_log (at, actor, subject_id, action, purpose, searched_by)
                    VALUES (?, ?, ?, ?, ?, ?)""", batch, batch.size(), (statement, entry) -> {
                        statement.setTimestamp(1, Timestamp.from(entry.at()));
                        statement.setString(2, entry.actor());
                        statement.setObject(3, entry.subjectId() == null ? null
                                : UUID.fromString(entry.subjectId().value()), Types.OTHER);
                        statement.setString(4, entry.action());
                        statement.setString(5, entry.purpose());
                        statement.setArray(6, entry.searchedBy() == null ? null
                                : statement.getConnection().createArrayOf("varchar", entry.searchedBy().toArray()));
                    });
        });
    }
}
