package org.customervault.api.retention;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** The record of every retention run, one row per policy; no customer is named in it. */
class RetentionRuns {

    private static final String START = """
            INSERT INTO retention_run (policy, started_at) VALUES (?, ?) RETURNING id""";

    private static final String FINISH = """
            UPDATE retention_run SET finished_at = ?, due = ?, erased = ?, held = ?, open_requests = ?, restricted = ?,
                failed = ?
            WHERE id = ?""";

    private static final String LATEST = """
            SELECT * FROM retention_run ORDER BY started_at DESC, id DESC LIMIT ?""";

    private static final String LAST_START = """
            SELECT max(started_at) FROM retention_run""";

    private final JdbcTemplate jdbc;

    RetentionRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One policy's part of a run; {@code finishedAt} is absent while it runs, or when its node stopped in the middle. */
    record Run(long id, String policy, Instant startedAt, Instant finishedAt, int due, int erased, int held,
               int openRequests, int restricted, int failed) {
    }

    long start(String policy, Instant startedAt) {
        return jdbc.queryForObject(START, Long.class, policy, Timestamp.from(startedAt));
    }

    void finish(long id, Instant finishedAt, int due, int erased, int held, int openRequests, int restricted,
                int failed) {
        jdbc.update(FINISH, Timestamp.from(finishedAt), due, erased, held, openRequests, restricted, failed, id);
    }

    List<Run> latest(int limit) {
        return jdbc.query(LATEST, (row, n) -> new Run(row.getLong("id"), row.getString("policy"),
                row.getTimestamp("started_at").toInstant(),
                Optional.ofNullable(row.getTimestamp("finished_at")).map(Timestamp::toInstant).orElse(null),
                row.getInt("due"), row.getInt("erased"), row.getInt("held"), row.getInt("open_requests"),
                row.getInt("restricted"), row.getInt("failed")), limit);
    }

    Optional<Instant> lastStartedAt() {
        return Optional.ofNullable(jdbc.queryForObject(LAST_START, Timestamp.class)).map(Timestamp::toInstant);
    }
}
