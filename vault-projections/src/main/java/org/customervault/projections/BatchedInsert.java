package org.customervault.projections;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows of one INSERT statement, gathered while an event processor handles a batch of events
 * and written as one JDBC batch just before the batch's transaction commits: one round trip per
 * batch instead of one per event, which is what a replay of the event store spends its time on.
 * A handler called outside a unit of work writes its row at once.
 *
 * <p>A batch that fails to write fails its whole unit of work, and the processor would retry it
 * again and again without learning which event's row broke it. For a minute after such a failure
 * rows are therefore written at once, inside their own event's handler, so that the event whose row
 * fails is found and parked like any other failing event while the rest go on.
 */
public final class BatchedInsert {

    private static final long WRITE_AT_ONCE_AFTER_FAILURE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final JdbcTemplate jdbc;
    private final String sql;
    private final String pendingRows = "pending rows of " + this;
    private volatile boolean failed;
    private volatile long failedAtNanos;

    public BatchedInsert(JdbcTemplate jdbc, String sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    public void add(Object... row) {
        if (CurrentUnitOfWork.isStarted() && !failedLately()) {
            pending(CurrentUnitOfWork.get().root()).add(row);
        } else {
            jdbc.update(sql, row);
        }
    }

    /** Writes the rows gathered so far: before a statement that must see them, such as a deletion. */
    public void flush() {
        if (CurrentUnitOfWork.isStarted()) {
            write(pending(CurrentUnitOfWork.get().root()));
        }
    }

    private List<Object[]> pending(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(pendingRows, name -> {
            List<Object[]> rows = new ArrayList<>();
            unitOfWork.onPrepareCommit(committing -> write(rows));
            return rows;
        });
    }

    private void write(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            try {
                jdbc.batchUpdate(sql, List.copyOf(rows));
            } catch (DataAccessException batchFailed) {
                failedAtNanos = System.nanoTime();
                failed = true;
                throw batchFailed;
            }
            rows.clear();
        }
    }

    private boolean failedLately() {
        return failed && System.nanoTime() - failedAtNanos < WRITE_AT_ONCE_AFTER_FAILURE_NANOS;
    }
}
