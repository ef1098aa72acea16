package org.customervault.projections;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows of one INSERT statement, gathered while an event processor handles a batch of events
 * and written as one JDBC batch just before the batch's transaction commits: one round trip per
 * batch instead of one per event, which is what a replay of the event store spends its time on.
 * A handler called outside a unit of work writes its row at once.
 */
public final class BatchedInsert {

    private final JdbcTemplate jdbc;
    private final String sql;
    private final String pendingRows = "pending rows of " + this;

    public BatchedInsert(JdbcTemplate jdbc, String sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    public void add(Object... row) {
        if (CurrentUnitOfWork.isStarted()) {
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
            jdbc.batchUpdate(sql, List.copyOf(rows));
            rows.clear();
        }
    }
}
