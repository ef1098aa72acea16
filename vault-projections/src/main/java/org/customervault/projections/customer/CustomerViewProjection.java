package org.customervault.projections.customer;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.interceptors.MessageHandlerInterceptor;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.BirthDateRectifiedEvent;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.ConsentWithdrawnEvent;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.customervault.domain.customer.api.CustomerErasureRequestedEvent;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.EmailRectifiedEvent;
import org.customervault.domain.customer.api.FullNameRectifiedEvent;
import org.customervault.domain.customer.api.InteractionRecordedEvent;
import org.customervault.domain.customer.api.LegalHoldPlacedEvent;
import org.customervault.domain.customer.api.LegalHoldReleasedEvent;
import org.customervault.domain.customer.api.NationalIdRectifiedEvent;
import org.customervault.domain.customer.api.ObjectionWithdrawnEvent;
import org.customervault.domain.customer.api.PhoneRectifiedEvent;
import org.customervault.domain.customer.api.PostalAddressRectifiedEvent;
import org.customervault.domain.customer.api.PreferencesRectifiedEvent;
import org.customervault.domain.customer.api.ProcessingObjectedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictionLiftedEvent;
import org.customervault.domain.customer.api.PurchaseRecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the customer 360 read model; {@link CustomerViewQueries} reads it. Each event moves a
 * customer's row to the event's sequence number only if the row is behind it, and changes the row's
 * children only when it did, so an event delivered twice changes nothing.
 *
 * <p>Statements that write search tokens first lock the row of the key version the tokens are made
 * with ({@code current_key}), and find it only while that version is the current one. A rotation
 * switches versions under a table lock that waits for every transaction holding such a row lock, and
 * makes later ones wait: so once the switch has committed, no token of the old version can be added,
 * and a statement that was waiting finds no current key and changes nothing.
 */
@ProcessingGroup(CustomerViewProjection.PROCESSING_GROUP)
public class CustomerViewProjection {

    public static final String PROCESSING_GROUP = "customer-view";

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

    /**
     * A personal column an event sets alone, with its statements. A column's name is an SQL
     * identifier, which cannot be a parameter: each statement is written once, here, for the
     * columns listed, never from input.
     */
    private enum Column {
        FULL_NAME("full_name"), EMAIL("email"), PHONE("phone"), NATIONAL_ID("national_id"),
        BIRTH_DATE("birth_date"), ADDRESS("address"), PREFERENCES("preferences");

        final String name;
        /** Sets the column where the row moves to this event's version. */
        final String set;
        /**
         * Sets the column as {@link #set} does, only while the key version given is current; answers
         * how many current keys it found and how many rows it moved.
         */
        final String setUnderCurrentKey;

        Column(String name) {
            this.name = name;
            this.set = """
                    UPDATE customer_view SET %s = ?, version = ?, updated_at = ?
                    WHERE customer_id = ? AND version < ?""".formatted(name);
            this.setUnderCurrentKey = """
                    WITH current_key AS (
                        SELECT version FROM blind_index_key WHERE version = ? AND state = ? FOR KEY SHARE),
                    moved AS (
                        UPDATE customer_view SET %s = ?, version = ?, updated_at = ?
                        WHERE customer_id = ? AND version < ? AND EXISTS (SELECT 1 FROM current_key)
                        RETURNING customer_id)
                    SELECT (SELECT count(*) FROM current_key), (SELECT count(*) FROM moved)""".formatted(name);
        }
    }

    private final JdbcTemplate jdbc;
    private final CustomerViewRows rows;
    private final BlindIndexKeys keys;
    private final CustomerViewVersionNotices notices;

    public CustomerViewProjection(JdbcTemplate jdbc, SubjectCipher cipher, BlindIndexKeys keys) {
        this.jdbc = jdbc;
        this.rows = new CustomerViewRows(cipher);
        this.keys = keys;
        this.notices = new CustomerViewVersionNotices(jdbc);
    }

    /**
     * Every event this projection handles moves one customer's view: its version is announced when
     * the batch commits, to wake the writes waiting for it on any node. Replayed events are not
     * announced: no write waits for them (a write made during a rebuild is a live event of its own),
     * and a rebuild need not flood every node with notices.
     */
    @MessageHandlerInterceptor(messageType = EventMessage.class)
    Object announceVersion(EventMessage<?> event, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        if (event instanceof DomainEventMessage<?> domainEvent && !ReplayToken.isReplay(event)) {
            customerOf(domainEvent).ifPresent(notices::changed);
        }
        return result;
    }

    /** The aggregate's identifier is the customer id; anything else is no customer of this view. */
    private static Optional<UUID> customerOf(DomainEventMessage<?> event) {
        try {
            return Optional.of(UUID.fromString(event.getAggregateIdentifier()));
        } catch (IllegalArgumentException | NullPointerException notACustomer) {
            return Optional.empty();
        }
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

    @ResetHandler
    void reset() {
        jdbc.execute(RESET);
    }

    @EventHandler
    void on(CustomerRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (event.personalDataErased()) {
            return;
        }
        CustomerId id = event.customerId();
        withCurrentKey(version -> {
            SearchTokens search = version.tokens();
            List<SearchTokens.Token> tokens = new ArrayList<>(search.ofName(event.fullName()));
            tokens.addAll(search.ofEmail(event.email()));
            tokens.addAll(search.ofPhone(event.phone()));
            tokens.addAll(search.ofNationalId(event.nationalId()));
            return jdbc.execute((Connection connection) -> {
                try (PreparedStatement statement = connection.prepareStatement(REGISTER)) {
                    statement.setInt(1, version.number());
                    statement.setString(2, BlindIndexKeys.CURRENT);
                    statement.setObject(3, id.uuid());
                    statement.setLong(4, sequence);
                    statement.setString(5, CustomerView.Status.ACTIVE.name());
                    statement.setString(6, rows.seal(id, Column.FULL_NAME.name, event.fullName()));
                    statement.setString(7, rows.seal(id, Column.EMAIL.name, event.email()));
                    statement.setString(8, rows.seal(id, Column.PHONE.name, event.phone()));
                    statement.setString(9, rows.seal(id, Column.NATIONAL_ID.name, event.nationalId()));
                    statement.setString(10, rows.seal(id, Column.BIRTH_DATE.name, event.birthDate()));
                    statement.setString(11, rows.seal(id, Column.ADDRESS.name, event.address()));
                    statement.setString(12, rows.seal(id, Column.PREFERENCES.name, event.preferences()));
                    statement.setTimestamp(13, sqlTime(at));
                    statement.setTimestamp(14, sqlTime(at));
                    statement.setTimestamp(15, sqlTime(at));
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

    @EventHandler
    void on(FullNameRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setIndexedColumn(event.customerId(), Column.FULL_NAME, event.fullName(), sequence, at,
                SearchTokens.NAME_WORD, tokens -> tokens.ofName(event.fullName()));
    }

    @EventHandler
    void on(EmailRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setIndexedColumn(event.customerId(), Column.EMAIL, event.email(), sequence, at,
                SearchTokens.EMAIL, tokens -> tokens.ofEmail(event.email()));
    }

    @EventHandler
    void on(PhoneRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setIndexedColumn(event.customerId(), Column.PHONE, event.phone(), sequence, at,
                SearchTokens.PHONE, tokens -> tokens.ofPhone(event.phone()));
    }

    @EventHandler
    void on(NationalIdRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setIndexedColumn(event.customerId(), Column.NATIONAL_ID, event.nationalId(), sequence, at,
                SearchTokens.NATIONAL_ID, tokens -> tokens.ofNationalId(event.nationalId()));
    }

    @EventHandler
    void on(BirthDateRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setPersonalColumn(event.customerId(), Column.BIRTH_DATE, event.birthDate(), sequence, at);
    }

    @EventHandler
    void on(PostalAddressRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setPersonalColumn(event.customerId(), Column.ADDRESS, event.address(), sequence, at);
    }

    @EventHandler
    void on(PreferencesRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setPersonalColumn(event.customerId(), Column.PREFERENCES, event.preferences(), sequence, at);
    }

    @EventHandler
    void on(ProcessingRestrictedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setStatus(event.customerId(), CustomerView.Status.RESTRICTED, sequence, at);
    }

    @EventHandler
    void on(ProcessingRestrictionLiftedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setStatus(event.customerId(), CustomerView.Status.ACTIVE, sequence, at);
    }

    @EventHandler
    void on(LegalHoldPlacedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.update(SET_LEGAL_HOLD, true, sequence, sqlTime(at), event.customerId().uuid(), sequence);
    }

    @EventHandler
    void on(LegalHoldReleasedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.update(SET_LEGAL_HOLD, false, sequence, sqlTime(at), event.customerId().uuid(), sequence);
    }

    @EventHandler
    void on(ConsentGrantedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setConsent(event.customerId(), event.purpose(), true, event.noticeVersion(), event.noticeSha256(),
                event.channel(), sequence, at);
    }

    @EventHandler
    void on(ProcessingObjectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (advance(event.customerId(), sequence, at, null)) {
            jdbc.update(ADD_OBJECTION, event.customerId().uuid(), event.purpose(), sqlTime(at));
        }
    }

    @EventHandler
    void on(ObjectionWithdrawnEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (advance(event.customerId(), sequence, at, null)) {
            jdbc.update(REMOVE_OBJECTION, event.customerId().uuid(), event.purpose());
        }
    }

    @EventHandler
    void on(ConsentWithdrawnEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setConsent(event.customerId(), event.purpose(), false, event.noticeVersion(), event.noticeSha256(),
                event.channel(), sequence, at);
    }

    @EventHandler
    void on(InteractionRecordedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        CustomerId id = event.customerId();
        if (advance(id, sequence, at, event.occurredAt())) {
            jdbc.update(ADD_INTERACTION, id.uuid(), event.interactionId(), event.channel().name(),
                    rows.sealInteractionSummary(id, event.interactionId(), event.summary()),
                    sqlTime(event.occurredAt()));
        }
    }

    @EventHandler
    void on(PurchaseRecordedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (advance(event.customerId(), sequence, at, event.occurredAt())) {
            jdbc.update(ADD_PURCHASE, event.customerId().uuid(), event.currency(), event.amount());
        }
    }

    @EventHandler
    void on(CustomerErasureRequestedEvent event) {
        purge(event.customerId());
    }

    @EventHandler
    void on(CustomerErasedEvent event) {
        purge(event.customerId());
    }

    /** Deletes the customer's row with its consents, totals, interactions and search tokens. */
    public void purge(CustomerId id) {
        jdbc.update(PURGE, id.uuid());
    }

    private void setPersonalColumn(CustomerId id, Column column, Object value, long sequence, Instant at) {
        jdbc.update(column.set, rows.seal(id, column.name, value), sequence, sqlTime(at), id.uuid(), sequence);
    }

    /**
     * Sets a searchable column, only where the row moves to this event's version (not when a later
     * event was applied first, nor when this event is delivered again), then replaces that field's
     * search tokens. Two statements, because the first one's row lock may wait for a re-index batch
     * that rewrote this customer's tokens: a statement sees only what was committed when it began,
     * so the tokens are replaced by a statement that begins once the lock is held, and sees what the
     * batch wrote.
     */
    private void setIndexedColumn(CustomerId id, Column column, Object value, long sequence, Instant at,
                                  String kind, Function<SearchTokens, List<SearchTokens.Token>> tokensOf) {
        String sealed = rows.seal(id, column.name, value);
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

    private static Array tokenValues(Connection connection, List<SearchTokens.Token> tokens) throws SQLException {
        return connection.createArrayOf("bytea", tokens.stream().map(SearchTokens.Token::value).toArray(byte[][]::new));
    }

    private void setStatus(CustomerId id, CustomerView.Status status, long sequence, Instant at) {
        jdbc.update(SET_STATUS, status.name(), sequence, sqlTime(at), id.uuid(), sequence);
    }

    private void setConsent(CustomerId id, String purpose, boolean granted, String noticeVersion, String noticeSha256,
                            Channel channel, long sequence, Instant at) {
        if (advance(id, sequence, at, null)) {
            jdbc.update(SET_CONSENT, id.uuid(), purpose, granted, noticeVersion, noticeSha256,
                    channel == null ? null : channel.name(), sqlTime(at));
        }
    }

    /** Moves the row to {@code sequence} if it is behind; false when the event was already applied. */
    private boolean advance(CustomerId id, long sequence, Instant at, Instant activityAt) {
        return jdbc.update(ADVANCE, sequence, sqlTime(at), activityAt == null ? null : sqlTime(activityAt),
                id.uuid(), sequence) == 1;
    }

    private static java.sql.Timestamp sqlTime(Instant instant) {
        return java.sql.Timestamp.from(instant);
    }
}
