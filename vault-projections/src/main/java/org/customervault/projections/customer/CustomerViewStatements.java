package org.customervault.projections.customer;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerView;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The customer view's changes written as each event is handled, one round trip per event.
 *
 * <p>Statements that write search tokens first lock the row of the key version the tokens are made
 * with ({@code current_key}), and find it only while that version is the current one. A rotation
 * switches versions under a table lock that waits for every transaction holding such a row lock, and
 * makes later ones wait: so once the switch has committed, no token of the old version can be added,
 * and a statement that was waiting finds no current key and changes nothing.
 */
final class CustomerViewStatements implements CustomerViewWrites {

    /**
     * The view is disposable: a replay of the event store rebuilds it from nothing. Truncated, not
     * deleted row by row: the rebuild then writes into fresh tables and indexes, with no dead rows
     * to skip or vacuum, and the old ciphertexts leave the files at once.
     */
    private static final String RESET = """
            TRUNCATE customer_view, customer_consent, customer_objection, customer_purchase_total, customer_interaction,
                customer_search""";

    /**
     * The row and its search tokens in one round trip; tokens only where this event inserted the
     * row. Answers how many current keys it found: 0 when the version given is no longer current.
     */
    private static final String REGISTER = """
            WITH current_key AS (
                SELECT version FROM blind_index_key WHERE version = ? AND state = ? FOR KEY SHARE),
            registered AS (
                INSERT INTO customer_view (customer_id, version, status, full_name, email, phone, national_id,
                    birth_date, address, preferences, created_at, updated_at, last_activity_at)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM current_key
                ON CONFLICT (customer_id) DO NOTHING RETURNING customer_id),
            searchable AS (
                INSERT INTO customer_search (customer_id, kind, token, key_version)
                SELECT registered.customer_id, t.kind, t.token, current_key.version
                FROM registered, current_key, unnest(?::varchar[], ?::bytea[]) AS t(kind, token)
                ON CONFLICT DO NOTHING)
            SELECT count(*) FROM current_key""";

    /**
     * Replaces a field's search tokens by those given, those made with an older key included;
     * tokens that stay are left alone.
     */
    private static final String REPLACE_TOKENS = """
            WITH replaced AS (
                DELETE FROM customer_search WHERE customer_id = ? AND kind = ? AND token <> ALL (?::bytea[]))
            INSERT INTO customer_search (customer_id, kind, token, key_version)
            SELECT ?, ?, t.token, ? FROM unnest(?::bytea[]) AS t(token)
            ON CONFLICT DO NOTHING""";

    private static final String SET_LEGAL_HOLD = """
            UPDATE customer_view SET legal_hold = ?, version = ?, updated_at = ?
            WHERE customer_id = ? AND version < ?""";

    private static final String SET_STATUS = """
            UPDATE customer_view SET status = ?, version = ?, updated_at = ?
            WHERE customer_id = ? AND version < ?""";

    /** Moves the row to an event's sequence number if it is behind, and its last activity forward if the event has one. */
    private static final String ADVANCE = """
            UPDATE customer_view SET version = ?, updated_at = ?,
                last_activity_at = GREATEST(last_activity_at, COALESCE(?, last_activity_at))
            WHERE customer_id = ? AND version < ?""";

    private static final String SET_CONSENT = """
            INSERT INTO customer_consent (customer_id, purpose, granted, notice_version, notice_sha256, channel,
                                          changed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (customer_id, purpose) DO UPDATE
            SET granted = EXCLUDED.granted, notice_version = EXCLUDED.notice_version,
                notice_sha256 = EXCLUDED.notice_sha256, channel = EXCLUDED.channel, changed_at = EXCLUDED.changed_at""";

    private static final String ADD_OBJECTION = """
            INSERT INTO customer_objection (customer_id, purpose, objected_at) VALUES (?, ?, ?)
            ON CONFLICT DO NOTHING""";

    private static final String REMOVE_OBJECTION = """
            DELETE FROM customer_objection WHERE customer_id = ? AND purpose = ?""";

    private static final String ADD_INTERACTION = """
            INSERT INTO customer_interaction (customer_id, interaction_id, channel, summary, occurred_at)
            VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";

    private static final String ADD_PURCHASE = """
            INSERT INTO customer_purchase_total (customer_id, currency, purchase_count, total)
            VALUES (?, ?, 1, ?)
            ON CONFLICT (customer_id, currency) DO UPDATE
            SET purchase_count = customer_purchase_total.purchase_count + 1,
                total = customer_purchase_total.total + EXCLUDED.total""";

    /** Deletes the customer's row; consents, totals, interactions and search tokens go with it (ON DELETE CASCADE). */
    private static final String PURGE = """
            DELETE FROM customer_view WHERE customer_id = ?""";

    private final JdbcTemplate jdbc;
    private final BlindIndexKeys keys;

    CustomerViewStatements(JdbcTemplate jdbc, BlindIndexKeys keys) {
        this.jdbc = jdbc;
        this.keys = keys;
    }

    /**
     * A statement that writes search tokens, run with the current key version as this node knows it;
     * answers whether the database still had that version current, and changed nothing otherwise.
     */
    @FunctionalInterface
    private interface TokenWrite {
        boolean underCurrentKey(BlindIndexKeys.Version version);
    }

    /** Runs the write, and once more after reading the keys again if a rotation had switched versions meanwhile. */
    private void withCurrentKey(TokenWrite write) {
        if (!write.underCurrentKey(keys.current())) {
            keys.refresh();
            if (!write.underCurrentKey(keys.current())) {
                throw new IllegalStateException("blind-index key version " + keys.currentVersion()
                        + " is not the current one in the database");
            }
        }
    }

    @Override
    public void reset() {
        jdbc.execute(RESET);
    }

    @Override
    public void register(Registration row, Function<SearchTokens, List<SearchTokens.Token>> tokensOf) {
        withCurrentKey(version -> {
            List<SearchTokens.Token> tokens = tokensOf.apply(version.tokens());
            return jdbc.execute((Connection connection) -> {
                try (PreparedStatement statement = connection.prepareStatement(REGISTER)) {
                    statement.setInt(1, version.number());
                    statement.setString(2, BlindIndexKeys.CURRENT);
                    statement.setObject(3, row.id().uuid());
                    statement.setLong(4, row.sequence());
                    statement.setString(5, CustomerView.Status.ACTIVE.name());
                    statement.setString(6, row.fullName());
                    statement.setString(7, row.email());
                    statement.setString(8, row.phone());
                    statement.setString(9, row.nationalId());
                    statement.setString(10, row.birthDate());
                    statement.setString(11, row.address());
                    statement.setString(12, row.preferences());
                    statement.setTimestamp(13, sqlTime(row.at()));
                    statement.setTimestamp(14, sqlTime(row.at()));
                    statement.setTimestamp(15, sqlTime(row.at()));
                    statement.setArray(16, connection.createArrayOf("varchar",
                            tokens.stream().map(SearchTokens.Token::kind).toArray(String[]::new)));
                    statement.setArray(17, tokenValues(connection, tokens));
                    try (ResultSet result = statement.executeQuery()) {
                        return result.next() && result.getLong(1) == 1;
                    }
                }
            });
        });
    }

    @Override
    public void setColumn(CustomerId id, ViewColumn column, String sealed, long sequence, Instant at) {
        jdbc.update(column.set, sealed, sequence, sqlTime(at), id.uuid(), sequence);
    }

    /**
     * Sets a searchable column, only where the row moves to this event's version (not when a later
     * event was applied first, nor when this event is delivered again), then replaces that field's
     * search tokens. Two statements, because the first one's row lock may wait for a re-index batch
     * that rewrote this customer's tokens: a statement sees only what was committed when it began,
     * so the tokens are replaced by a statement that begins once the lock is held, and sees what the
     * batch wrote.
     */
    @Override
    public void setIndexedColumn(CustomerId id, ViewColumn column, String sealed, long sequence, Instant at,
                                 String kind, Function<SearchTokens, List<SearchTokens.Token>> tokensOf) {
        withCurrentKey(version -> jdbc.execute((Connection connection) -> {
            try (PreparedStatement moving = connection.prepareStatement(column.setUnderCurrentKey)) {
                moving.setInt(1, version.number());
                moving.setString(2, BlindIndexKeys.CURRENT);
                moving.setString(3, sealed);
                moving.setLong(4, sequence);
                moving.setTimestamp(5, sqlTime(at));
                moving.setObject(6, id.uuid());
                moving.setLong(7, sequence);
                try (ResultSet moved = moving.executeQuery()) {
                    moved.next();
                    if (moved.getLong(1) == 0) {
                        return false;
                    }
                    if (moved.getLong(2) == 0) {
                        return true;
                    }
                }
            }
            try (PreparedStatement replacing = connection.prepareStatement(REPLACE_TOKENS)) {
                Array values = tokenValues(connection, tokensOf.apply(version.tokens()));
                replacing.setObject(1, id.uuid());
                replacing.setString(2, kind);
                replacing.setArray(3, values);
                replacing.setObject(4, id.uuid());
                replacing.setString(5, kind);
                replacing.setInt(6, version.number());
                replacing.setArray(7, values);
                replacing.execute();
                return true;
            }
        }));
    }

    @Override
    public void setStatus(CustomerId id, CustomerView.Status status, long sequence, Instant at) {
        jdbc.update(SET_STATUS, status.name(), sequence, sqlTime(at), id.uuid(), sequence);
    }

    @Override
    public void setLegalHold(CustomerId id, boolean held, long sequence, Instant at) {
        jdbc.update(SET_LEGAL_HOLD, held, sequence, sqlTime(at), id.uuid(), sequence);
    }

    @Override
    public boolean advance(CustomerId id, long sequence, Instant at, Instant activityAt) {
        return jdbc.update(ADVANCE, sequence, sqlTime(at), activityAt == null ? null : sqlTime(activityAt),
                id.uuid(), sequence) == 1;
    }

    @Override
    public void setConsent(CustomerId id, String purpose, boolean granted, String noticeVersion, String noticeSha256,
                           Channel channel, Instant at) {
        jdbc.update(SET_CONSENT, id.uuid(), purpose, granted, noticeVersion, noticeSha256,
                channel == null ? null : channel.name(), sqlTime(at));
    }

    @Override
    public void addObjection(CustomerId id, String purpose, Instant at) {
        jdbc.update(ADD_OBJECTION, id.uuid(), purpose, sqlTime(at));
    }

    @Override
    public void removeObjection(CustomerId id, String purpose) {
        jdbc.update(REMOVE_OBJECTION, id.uuid(), purpose);
    }

    @Override
    public void addInteraction(CustomerId id, String interactionId, Channel channel, String sealedSummary,
                               Instant occurredAt) {
        jdbc.update(ADD_INTERACTION, id.uuid(), interactionId, channel.name(), sealedSummary, sqlTime(occurredAt));
    }

    @Override
    public void addPurchase(CustomerId id, String currency, BigDecimal amount) {
        jdbc.update(ADD_PURCHASE, id.uuid(), currency, amount);
    }

    @Override
    public void purge(CustomerId id) {
        jdbc.update(PURGE, id.uuid());
    }

    private static Array tokenValues(Connection connection, List<SearchTokens.Token> tokens) throws SQLException {
        return connection.createArrayOf("bytea", tokens.stream().map(SearchTokens.Token::value).toArray(byte[][]::new));
    }

    private static java.sql.Timestamp sqlTime(Instant instant) {
        return java.sql.Timestamp.from(instant);
    }
}
