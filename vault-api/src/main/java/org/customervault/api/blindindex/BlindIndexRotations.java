package org.customervault.api.blindindex;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rotations' rows ({@code blind_index_rotation}) and the key versions' states
 * ({@code blind_index_key}) they move, shared by every node.
 */
@Component
class BlindIndexRotations {

    private static final String COLUMNS = """
            rotation_id, from_version, to_version, state, requested_by, started_at, customers_total,
            customers_reindexed, reindexed_up_to, completed_at, old_key_destroyed_at""";

    private final JdbcTemplate jdbc;

    BlindIndexRotations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A new rotation {@code id} to the version after the newest ever made, unless one is running, which is
     * answered instead: a unique index admits one running rotation, so nodes asking at once get the
     * same one. The statement that lost to a rotation committed meanwhile cannot see it, the next one does.
     * The newest ever made is the database's or, if newer, the key store's ({@code storeNewest}): a
     * database restored from before some rotations does not know the versions they made and destroyed,
     * which the key store never makes again.
     */
    Rotation startOrRunning(UUID id, String requestedBy, int storeNewest) {
        for (int attempt = 0; ; attempt++) {
            List<Rotation> started = jdbc.query("""
                    WITH started AS (
                        INSERT INTO blind_index_rotation (rotation_id, from_version, to_version, state, requested_by,
                            started_at, customers_total)
                        SELECT ?, version, greatest((SELECT max(version) FROM blind_index_key), ?) + 1, 'REINDEXING', ?, now(),
                            (SELECT count(*) FROM customer_view)
                        FROM blind_index_key WHERE state = 'CURRENT'
                        ON CONFLICT DO NOTHING RETURNING *)
                    SELECT %1$s FROM started
                    UNION ALL SELECT %1$s FROM blind_index_rotation WHERE state = 'REINDEXING'""".formatted(COLUMNS),
                    BlindIndexRotations::rotation, id, storeNewest, requestedBy);
            if (!started.isEmpty()) {
                return started.get(0);
            }
            if (attempt > 0) {
                throw new IllegalStateException("no blind-index key version is current");
            }
        }
    }

    Optional<Rotation> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM blind_index_rotation WHERE rotation_id = ?",
                BlindIndexRotations::rotation, id).stream().findFirst();
    }

    Optional<Rotation> running() {
        return jdbc.query("SELECT " + COLUMNS + " FROM blind_index_rotation WHERE state = 'REINDEXING'",
                BlindIndexRotations::rotation).stream().findFirst();
    }

    /**
     * Makes {@code version} the current key and the current one retiring. The table lock waits for
     * every transaction that writes tokens (they hold a row lock of the table until they commit) and
     * holds back new ones until this commits: after it no token of the old version is added.
     * Changes nothing the second time.
     */
    void switchTo(int version) {
        jdbc.execute("LOCK TABLE blind_index_key IN EXCLUSIVE MODE");
        jdbc.update("UPDATE blind_index_key SET state = 'RETIRING' WHERE state = 'CURRENT' AND version <> ?", version);
        jdbc.update("INSERT INTO blind_index_key (version, state) VALUES (?, 'CURRENT') ON CONFLICT (version) DO NOTHING",
                version);
    }

    /** Counts re-indexed customers and, when given, moves the position the re-index resumes from. */
    void progressed(UUID rotation, int customers, UUID upTo) {
        jdbc.update("""
                UPDATE blind_index_rotation SET customers_reindexed = customers_reindexed + ?,
                    reindexed_up_to = coalesce(?, reindexed_up_to)
                WHERE rotation_id = ?""", customers, upTo, rotation);
    }

    /** Stops every retiring version from being searched; the keys themselves are destroyed next ({@link #toDestroy}). */
    void retire() {
        jdbc.update("UPDATE blind_index_key SET state = 'DESTROYED' WHERE state = 'RETIRING'");
    }

    /** Versions retired whose keys are not known to be destroyed in the key store yet. */
    List<Integer> toDestroy() {
        return jdbc.queryForList("SELECT version FROM blind_index_key WHERE state = 'DESTROYED' AND destroyed_at IS NULL",
                Integer.class);
    }

    /** Records when the key of {@code version} was destroyed, in its row and in that of a completed rotation away from it. */
    void destroyed(int version, Instant at) {
        jdbc.update("UPDATE blind_index_key SET destroyed_at = ? WHERE version = ?", Timestamp.from(at), version);
        jdbc.update("""
                UPDATE blind_index_rotation SET old_key_destroyed_at = ?
                WHERE from_version = ? AND state = 'COMPLETED' AND old_key_destroyed_at IS NULL""", Timestamp.from(at), version);
    }

    void completed(UUID rotation) {
        jdbc.update("""
                UPDATE blind_index_rotation r SET state = 'COMPLETED', completed_at = now(),
                    old_key_destroyed_at = (SELECT destroyed_at FROM blind_index_key k WHERE k.version = r.from_version)
                WHERE rotation_id = ?""", rotation);
    }

    private static Rotation rotation(ResultSet row, int rowNumber) throws SQLException {
        return new Rotation(row.getObject("rotation_id", UUID.class), row.getInt("from_version"), row.getInt("to_version"),
                Rotation.State.valueOf(row.getString("state")), row.getString("requested_by"),
                instant(row.getTimestamp("started_at")), row.getLong("customers_total"), row.getLong("customers_reindexed"),
                row.getObject("reindexed_up_to", UUID.class), instant(row.getTimestamp("completed_at")),
                instant(row.getTimestamp("old_key_destroyed_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
