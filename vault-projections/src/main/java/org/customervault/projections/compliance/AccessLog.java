package org.customervault.projections.compliance;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.AccessEntry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The access log: every read of personal data, appended in a transaction of its own. Its commits
 * do not wait for the disk (synchronous_commit off): a crash of the database server can lose the
 * last fraction of a second of entries, never corrupt them, and reads stay as fast as the reads
 * they record.
 */
public class AccessLog {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    public AccessLog(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public void append(String actor, List<CustomerId> subjects, String action, String purpose, Instant at) {
        if (subjects.isEmpty()) {
            return;
        }
        ownTransaction.executeWithoutResult(status -> {
            jdbc.execute("SET LOCAL synchronous_commit TO OFF");
            jdbc.batchUpdate("INSERT INTO access_log (at, actor, subject_id, action, purpose) VALUES (?, ?, ?, ?, ?)",
                    subjects, subjects.size(), (statement, subject) -> {
                        statement.setTimestamp(1, Timestamp.from(at));
                        statement.setString(2, actor);
                        statement.setObject(3, UUID.fromString(subject.value()));
                        statement.setString(4, action);
                        statement.setString(5, purpose);
                    });
        });
    }

    /** Entries oldest first, optionally for one customer and within [from, to). */
    public List<AccessEntry> find(CustomerId subject, Instant from, Instant to, int page, int size) {
        StringBuilder sql = new StringBuilder("SELECT at, actor, subject_id, action, purpose FROM access_log WHERE true");
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
        return jdbc.query(sql.toString(), (row, n) -> new AccessEntry(row.getTimestamp("at").toInstant(),
                row.getString("actor"), CustomerId.of(row.getString("subject_id")), row.getString("action"),
                row.getString("purpose")), arguments.toArray());
    }
}
