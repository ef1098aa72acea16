package org.customervault.api.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Table {@code idempotency_key}, shared by every node. Each statement commits on its own: a claim is
 * seen by every node at once, so that of two requests with one key, on one node or two, exactly one
 * runs.
 */
final class IdempotencyKeys {

    /**
     * Inserts the claim, or takes the place of a key past its retention (not purged yet) or of a first
     * request that never finished (its node stopped). One statement, so two requests cannot both take it.
     */
    private static final String CLAIM = """
            INSERT INTO idempotency_key (key_hash, fingerprint, created_at) VALUES (?, ?, now())
            ON CONFLICT (key_hash) DO UPDATE
                SET fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at, status = NULL,
                    replayable = NULL, content_type = NULL, location = NULL, body = NULL
                WHERE idempotency_key.created_at < now() - make_interval(secs => ?)
                   OR (idempotency_key.status IS NULL AND idempotency_key.created_at < now() - make_interval(secs => ?))""";

    private static final String FIND = """
            SELECT fingerprint, status, replayable, content_type, location, body FROM idempotency_key
            WHERE key_hash = ?""";

    private static final String ANSWER = """
            UPDATE idempotency_key SET status = ?, replayable = ?, content_type = ?, location = ?, body = ?
            WHERE key_hash = ? AND fingerprint = ? AND status IS NULL""";

    private static final String RELEASE = """
            DELETE FROM idempotency_key WHERE key_hash = ? AND fingerprint = ? AND status IS NULL""";

    private static final String PURGE = """
            DELETE FROM idempotency_key WHERE created_at < now() - make_interval(secs => ?)""";

    /** What a key holds: the fingerprint of its first request, and that request's answer once there is one. */
    record Stored(byte[] fingerprint, Integer status, boolean replayable, String contentType, String location,
                  byte[] body) {

        boolean running() {
            return status == null;
        }
    }

    private final JdbcTemplate jdbc;
    private final IdempotencySettings settings;

    IdempotencyKeys(JdbcTemplate jdbc, IdempotencySettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** @return whether this request now holds the key and is to run */
    boolean claim(byte[] keyHash, byte[] fingerprint) {
        return jdbc.update(CLAIM, keyHash, fingerprint, seconds(settings.retention()),
                seconds(settings.inFlightTimeout())) == 1;
    }

    /** @return empty if the key is gone meanwhile (purged, or released by a first request that failed) */
    Optional<Stored> find(byte[] keyHash) {
        List<Stored> rows = jdbc.query(FIND, (row, n) -> new Stored(row.getBytes("fingerprint"),
                (Integer) row.getObject("status", Integer.class), row.getBoolean("replayable"),
                row.getString("content_type"), row.getString("location"), row.getBytes("body")), keyHash);
        return rows.stream().findFirst();
    }

    /** Keeps the answer of the request that holds the key; a withheld answer keeps its status alone. */
    void answer(byte[] keyHash, byte[] fingerprint, int status, boolean replayable, String contentType, String location,
                byte[] body) {
        jdbc.update(ANSWER, status, replayable, replayable ? contentType : null, replayable ? location : null,
                replayable ? body : null, keyHash, fingerprint);
    }

    /** Lets a retry run again: the request failed on the vault's side (5xx) or did not finish. */
    void release(byte[] keyHash, byte[] fingerprint) {
        jdbc.update(RELEASE, keyHash, fingerprint);
    }

    /** @return how many keys past their retention were deleted */
    int purge() {
        return jdbc.update(PURGE, seconds(settings.retention()));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
