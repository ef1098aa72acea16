package org.customervault.projections.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.crypto.VaultJson;
import org.customervault.projections.PersonalColumns;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;
import org.customervault.domain.customer.api.BirthDateRectifiedEvent;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.ConsentWithdrawnEvent;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.customervault.domain.customer.api.CustomerErasureRequestedEvent;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.CustomerSummaryPage;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.EmailRectifiedEvent;
import org.customervault.domain.customer.api.FetchCustomerSummariesQuery;
import org.customervault.domain.customer.api.FetchCustomerViewQuery;
import org.customervault.domain.customer.api.FetchCustomerViewVersionQuery;
import org.customervault.domain.customer.api.FullNameRectifiedEvent;
import org.customervault.domain.customer.api.InteractionRecordedEvent;
import org.customervault.domain.customer.api.NationalIdRectifiedEvent;
import org.customervault.domain.customer.api.PhoneRectifiedEvent;
import org.customervault.domain.customer.api.PostalAddressRectifiedEvent;
import org.customervault.domain.customer.api.PreferencesRectifiedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictionLiftedEvent;
import org.customervault.domain.customer.api.PurchaseRecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The customer 360 read model. Each event moves a customer's row to the event's sequence number
 * only if the row is behind it, and changes the row's children only when it did, so an event
 * delivered twice changes nothing.
 */
@ProcessingGroup(CustomerViewProjection.PROCESSING_GROUP)
public class CustomerViewProjection {

    public static final String PROCESSING_GROUP = "customer-view";
    static final int RECENT_INTERACTIONS = 10;
    static final String TABLE = "customer_view.";
    private static final String INTERACTION_SUMMARY = "customer_interaction.summary";

    private static final String SUMMARY_COLUMNS = "customer_id, full_name, email, status, last_activity_at";

    /**
     * Locks the row of the key version tokens are written with, and finds it only while that
     * version is the current one. A rotation switches versions under a table lock that waits for
     * every transaction holding such a row lock, and makes later ones wait: so once the switch has
     * committed, no token of the old version can be added, and a statement that was waiting finds
     * no current key and changes nothing.
     */
    private static final String CURRENT_KEY = """
            current_key AS (SELECT version FROM blind_index_key WHERE version = ? AND state = 'CURRENT' FOR KEY SHARE)""";

    private final JdbcTemplate jdbc;
    private final PersonalColumns personal;
    private final BlindIndexKeys keys;
    private final ObjectMapper json = VaultJson.objectMapper();

    public CustomerViewProjection(JdbcTemplate jdbc, SubjectCipher cipher, BlindIndexKeys keys) {
        this.jdbc = jdbc;
        this.personal = new PersonalColumns(cipher);
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

    /**
     * The view is disposable: a replay of the event store rebuilds it from nothing. Truncated, not
     * deleted row by row: the rebuild then writes into fresh tables and indexes, with no dead rows
     * to skip or vacuum, and the old ciphertexts leave the files at once.
     */
    @ResetHandler
    void reset() {
        jdbc.execute("TRUNCATE customer_view, customer_consent, customer_purchase_total, customer_interaction, customer_search");
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
            // the row and its search tokens in one round trip; tokens only where this event inserted the row
            return jdbc.execute((Connection connection) -> {
                try (PreparedStatement statement = connection.prepareStatement("WITH " + CURRENT_KEY + """
                        ,
                        registered AS (
                            INSERT INTO customer_view (customer_id, version, status, full_name, email, phone, national_id,
                                birth_date, address, preferences, created_at, updated_at, last_activity_at)
                            SELECT ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM current_key
                            ON CONFLICT (customer_id) DO NOTHING RETURNING customer_id),
                        searchable AS (
                            INSERT INTO customer_search (customer_id, kind, token, key_version)
                            SELECT registered.customer_id, t.kind, t.token, current_key.version
                            FROM registered, current_key, unnest(?::varchar[], ?::bytea[]) AS t(kind, token)
                            ON CONFLICT DO NOTHING)
                        SELECT count(*) FROM current_key""")) {
                    statement.setInt(1, version.number());
                    statement.setObject(2, uuid(id));
                    statement.setLong(3, sequence);
                    statement.setString(4, seal(id, "full_name", event.fullName()));
                    statement.setString(5, seal(id, "email", event.email()));
                    statement.setString(6, seal(id, "phone", event.phone()));
                    statement.setString(7, seal(id, "national_id", event.nationalId()));
                    statement.setString(8, seal(id, "birth_date", event.birthDate()));
                    statement.setString(9, seal(id, "address", event.address()));
                    statement.setString(10, seal(id, "preferences", event.preferences()));
                    statement.setTimestamp(11, sqlTime(at));
                    statement.setTimestamp(12, sqlTime(at));
                    statement.setTimestamp(13, sqlTime(at));
                    statement.setArray(14, connection.createArrayOf("varchar",
                            tokens.stream().map(SearchTokens.Token::kind).toArray(String[]::new)));
                    statement.setArray(15, tokenValues(connection, tokens));
                    return keyWasCurrent(statement);
                }
            });
        });
    }

    @EventHandler
    void on(FullNameRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setIndexedColumn(event.customerId(), "full_name", event.fullName(), sequence, at, SearchTokens.NAME_WORD, tokens -> tokens.ofName(event.fullName()));
    }

    @EventHandler
    void on(EmailRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setIndexedColumn(event.customerId(), "email", event.email(), sequence, at, SearchTokens.EMAIL, tokens -> tokens.ofEmail(event.email()));
    }

    @EventHandler
    void on(PhoneRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setIndexedColumn(event.customerId(), "phone", event.phone(), sequence, at, SearchTokens.PHONE, tokens -> tokens.ofPhone(event.phone()));
    }

    @EventHandler
    void on(NationalIdRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setIndexedColumn(event.customerId(), "national_id", event.nationalId(), sequence, at, SearchTokens.NATIONAL_ID, tokens -> tokens.ofNationalId(event.nationalId()));
    }

    @EventHandler
    void on(BirthDateRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setPersonalColumn(event.customerId(), "birth_date", event.birthDate(), sequence, at);
    }

    @EventHandler
    void on(PostalAddressRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setPersonalColumn(event.customerId(), "address", event.address(), sequence, at);
    }

    @EventHandler
    void on(PreferencesRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setPersonalColumn(event.customerId(), "preferences", event.preferences(), sequence, at);
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
    void on(ConsentGrantedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setConsent(event.customerId(), event.purpose(), true, event.noticeVersion(), sequence, at);
    }

    @EventHandler
    void on(ConsentWithdrawnEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setConsent(event.customerId(), event.purpose(), false, event.noticeVersion(), sequence, at);
    }

    @EventHandler
    void on(InteractionRecordedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        CustomerId id = event.customerId();
        if (advance(id, sequence, at, event.occurredAt())) {
            jdbc.update("""
                    INSERT INTO customer_interaction (customer_id, interaction_id, channel, summary, occurred_at)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                    uuid(id), event.interactionId(), event.channel().name(),
                    personal.seal(id, INTERACTION_SUMMARY + "/" + event.interactionId(), event.summary()),
                    sqlTime(event.occurredAt()));
        }
    }

    @EventHandler
    void on(PurchaseRecordedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (advance(event.customerId(), sequence, at, event.occurredAt())) {
            jdbc.update("""
                    INSERT INTO customer_purchase_total (customer_id, currency, purchase_count, total)
                    VALUES (?, ?, 1, ?)
                    ON CONFLICT (customer_id, currency) DO UPDATE
                    SET purchase_count = customer_purchase_total.purchase_count + 1,
                        total = customer_purchase_total.total + EXCLUDED.total""",
                    uuid(event.customerId()), event.currency(), event.amount());
        }
    }

    /** One round trip: the row and its children, the children as JSON arrays built by PostgreSQL. */
    @QueryHandler
    public Optional<CustomerView> handle(FetchCustomerViewQuery query) {
        CustomerId id = query.customerId();
        return jdbc.query("""
                SELECT v.*,
                  (SELECT coalesce(json_agg(json_build_object('purpose', c.purpose, 'granted', c.granted,
                          'noticeVersion', c.notice_version, 'at', c.changed_at) ORDER BY c.purpose), '[]')
                     FROM customer_consent c WHERE c.customer_id = v.customer_id) AS consents,
                  (SELECT coalesce(json_agg(json_build_object('currency', t.currency, 'count', t.purchase_count,
                          'amount', t.total) ORDER BY t.currency), '[]')
                     FROM customer_purchase_total t WHERE t.customer_id = v.customer_id) AS totals,
                  (SELECT coalesce(json_agg(json_build_object('id', i.interaction_id, 'channel', i.channel,
                          'summary', i.summary, 'occurredAt', i.occurred_at) ORDER BY i.occurred_at DESC, i.interaction_id), '[]')
                     FROM (SELECT * FROM customer_interaction WHERE customer_id = v.customer_id
                           ORDER BY occurred_at DESC, interaction_id LIMIT ?) i) AS interactions
                FROM customer_view v WHERE v.customer_id = ?""",
                (row, n) -> view(id, row), RECENT_INTERACTIONS, uuid(id)).stream().findFirst();
    }

    @QueryHandler
    public CustomerSummaryPage handle(FetchCustomerSummariesQuery query) {
        String q = query.q() == null ? "" : query.q().trim();
        long offset = (long) query.page() * query.size();
        if (q.isEmpty()) {
            List<CustomerSummaryPage.Summary> items = jdbc.query("SELECT " + SUMMARY_COLUMNS
                    + " FROM customer_view ORDER BY last_activity_at DESC, customer_id LIMIT ? OFFSET ?",
                    this::summary, query.size(), offset);
            long total = jdbc.queryForObject("SELECT count(*) FROM customer_view", Long.class);
            return new CustomerSummaryPage(items, query.page(), query.size(), total);
        }
        // during a rotation a customer's tokens of one kind are all of the old key or all of the new
        List<SearchTokens.Token> exact = new ArrayList<>();
        List<SearchTokens.Token> words = new ArrayList<>();
        int wordCount = 0;
        for (BlindIndexKeys.Version version : keys.searchable()) {
            exact.addAll(version.tokens().exactOf(q, query.searchBy()));
            List<SearchTokens.Token> versionWords = version.tokens().wordsOf(q, query.searchBy());
            words.addAll(versionWords);
            wordCount = versionWords.size();
        }
        if (exact.isEmpty() && words.isEmpty()) {
            return new CustomerSummaryPage(List.of(), query.page(), query.size(), 0);
        }
        // a token is an HMAC keyed by its kind, so comparing tokens alone never matches across kinds
        String matches = """
                SELECT customer_id FROM customer_search WHERE kind = ANY (?::varchar[]) AND token = ANY (?::bytea[])
                UNION
                SELECT customer_id FROM customer_search WHERE kind = ? AND token = ANY (?::bytea[])
                GROUP BY customer_id HAVING count(DISTINCT token) = ?""";
        List<Object> arguments = new ArrayList<>(List.of(
                exact.stream().map(SearchTokens.Token::kind).distinct().toArray(String[]::new),
                exact.stream().map(SearchTokens.Token::value).toArray(byte[][]::new),
                SearchTokens.NAME_WORD,
                words.stream().map(SearchTokens.Token::value).toArray(byte[][]::new),
                wordCount));
        String matching = "FROM customer_view WHERE customer_id IN (" + matches + ")";
        long total = jdbc.queryForObject("SELECT count(*) " + matching, Long.class, arguments.toArray());
        arguments.add(query.size());
        arguments.add(offset);
        List<CustomerSummaryPage.Summary> items = jdbc.query("SELECT " + SUMMARY_COLUMNS + " " + matching
                + " ORDER BY last_activity_at DESC, customer_id LIMIT ? OFFSET ?", this::summary, arguments.toArray());
        return new CustomerSummaryPage(items, query.page(), query.size(), total);
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
        jdbc.update("DELETE FROM customer_view WHERE customer_id = ?", uuid(id));
    }

    @QueryHandler
    public Long handle(FetchCustomerViewVersionQuery query) {
        return jdbc.query("SELECT version FROM customer_view WHERE customer_id = ?",
                (row, n) -> row.getLong(1), uuid(query.customerId())).stream().findFirst().orElse(-1L);
    }

    private CustomerSummaryPage.Summary summary(ResultSet row, int rowNumber) throws SQLException {
        CustomerId id = CustomerId.of(row.getString("customer_id"));
        return new CustomerSummaryPage.Summary(id, open(id, row, "full_name", String.class),
                open(id, row, "email", String.class), CustomerView.Status.valueOf(row.getString("status")),
                row.getTimestamp("last_activity_at").toInstant());
    }

    private CustomerView view(CustomerId id, ResultSet row) throws SQLException {
        List<CustomerView.Consent> consents = children(row, "consents").stream()
                .map(c -> new CustomerView.Consent(c.get("purpose").asText(), c.get("granted").asBoolean(),
                        c.get("noticeVersion").asText(), instant(c.get("at"))))
                .toList();
        List<CustomerView.PurchaseTotal> totals = children(row, "totals").stream()
                .map(t -> new CustomerView.PurchaseTotal(t.get("currency").asText(), t.get("count").asLong(),
                        t.get("amount").decimalValue().stripTrailingZeros()))
                .toList();
        List<CustomerView.Interaction> interactions = children(row, "interactions").stream()
                .map(i -> new CustomerView.Interaction(i.get("id").asText(), Channel.valueOf(i.get("channel").asText()),
                        personal.open(id, INTERACTION_SUMMARY + "/" + i.get("id").asText(), i.get("summary").asText(), String.class),
                        instant(i.get("occurredAt"))))
                .toList();
        return new CustomerView(id, row.getLong("version"),
                open(id, row, "full_name", String.class),
                open(id, row, "email", String.class),
                open(id, row, "phone", String.class),
                open(id, row, "national_id", String.class),
                open(id, row, "birth_date", LocalDate.class),
                open(id, row, "address", PostalAddress.class),
                open(id, row, "preferences", Preferences.class),
                CustomerView.Status.valueOf(row.getString("status")),
                consents,
                row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("updated_at").toInstant(),
                row.getTimestamp("last_activity_at").toInstant(),
                totals.stream().mapToLong(CustomerView.PurchaseTotal::count).sum(),
                totals,
                interactions);
    }

    private List<JsonNode> children(ResultSet row, String column) throws SQLException {
        try {
            List<JsonNode> children = new ArrayList<>();
            json.readTree(row.getString(column)).forEach(children::add);
            return children;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the " + column + " of a customer view", e);
        }
    }

    private static Instant instant(JsonNode timestamp) {
        return OffsetDateTime.parse(timestamp.asText()).toInstant();
    }

    private void setPersonalColumn(CustomerId id, String column, Object value, long sequence, Instant at) {
        // column names come from this class only, never from input
        jdbc.update("UPDATE customer_view SET " + column + " = ?, version = ?, updated_at = ?"
                        + " WHERE customer_id = ? AND version < ?",
                seal(id, column, value), sequence, sqlTime(at), uuid(id), sequence);
    }

    /**
     * Sets a searchable column, only where the row moves to this event's version (not when a later
     * event was applied first, nor when this event is delivered again), then replaces that field's
     * search tokens, those made with an older key included; tokens that stay are left alone. Two
     * statements, because the first one's row lock may wait for a re-index batch that rewrote this
     * customer's tokens: a statement sees only what was committed when it began, so the tokens are
     * replaced by a statement that begins once the lock is held, and sees what the batch wrote.
     */
    private void setIndexedColumn(CustomerId id, String column, Object value, long sequence, Instant at,
                                  String kind, Function<SearchTokens, List<SearchTokens.Token>> tokensOf) {
        String sealed = seal(id, column, value);
        withCurrentKey(version -> jdbc.execute((Connection connection) -> {
            // column names come from this class only, never from input
            try (PreparedStatement moving = connection.prepareStatement("WITH " + CURRENT_KEY + ","
                    + " moved AS (UPDATE customer_view SET " + column + " = ?, version = ?, updated_at = ?"
                    + " WHERE customer_id = ? AND version < ? AND EXISTS (SELECT 1 FROM current_key) RETURNING customer_id)"
                    + " SELECT (SELECT count(*) FROM current_key), (SELECT count(*) FROM moved)")) {
                moving.setInt(1, version.number());
                moving.setString(2, sealed);
                moving.setLong(3, sequence);
                moving.setTimestamp(4, sqlTime(at));
                moving.setObject(5, uuid(id));
                moving.setLong(6, sequence);
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
            try (PreparedStatement replacing = connection.prepareStatement("""
                    WITH replaced AS (
                        DELETE FROM customer_search WHERE customer_id = ? AND kind = ? AND token <> ALL (?::bytea[]))
                    INSERT INTO customer_search (customer_id, kind, token, key_version)
                    SELECT ?, ?, t.token, ? FROM unnest(?::bytea[]) AS t(token)
                    ON CONFLICT DO NOTHING""")) {
                Array values = tokenValues(connection, tokensOf.apply(version.tokens()));
                replacing.setObject(1, uuid(id));
                replacing.setString(2, kind);
                replacing.setArray(3, values);
                replacing.setObject(4, uuid(id));
                replacing.setString(5, kind);
                replacing.setInt(6, version.number());
                replacing.setArray(7, values);
                replacing.execute();
                return true;
            }
        }));
    }

    private static boolean keyWasCurrent(PreparedStatement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery()) {
            return result.next() && result.getLong(1) == 1;
        }
    }

    private static Array tokenValues(Connection connection, List<SearchTokens.Token> tokens) throws SQLException {
        return connection.createArrayOf("bytea", tokens.stream().map(SearchTokens.Token::value).toArray(byte[][]::new));
    }

    private void setStatus(CustomerId id, CustomerView.Status status, long sequence, Instant at) {
        jdbc.update("UPDATE customer_view SET status = ?, version = ?, updated_at = ? WHERE customer_id = ? AND version < ?",
                status.name(), sequence, sqlTime(at), uuid(id), sequence);
    }

    private void setConsent(CustomerId id, String purpose, boolean granted, String noticeVersion, long sequence, Instant at) {
        if (advance(id, sequence, at, null)) {
            jdbc.update("""
                    INSERT INTO customer_consent (customer_id, purpose, granted, notice_version, changed_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (customer_id, purpose) DO UPDATE
                    SET granted = EXCLUDED.granted, notice_version = EXCLUDED.notice_version,
                        changed_at = EXCLUDED.changed_at""",
                    uuid(id), purpose, granted, noticeVersion, sqlTime(at));
        }
    }

    /** Moves the row to {@code sequence} if it is behind; false when the event was already applied. */
    private boolean advance(CustomerId id, long sequence, Instant at, Instant activityAt) {
        return jdbc.update("""
                UPDATE customer_view SET version = ?, updated_at = ?,
                    last_activity_at = GREATEST(last_activity_at, COALESCE(?, last_activity_at))
                WHERE customer_id = ? AND version < ?""",
                sequence, sqlTime(at), activityAt == null ? null : sqlTime(activityAt),
                uuid(id), sequence) == 1;
    }

    private String seal(CustomerId id, String column, Object value) {
        return personal.seal(id, TABLE + column, value);
    }

    private <T> T open(CustomerId id, ResultSet row, String column, Class<T> type) throws SQLException {
        return personal.open(id, TABLE + column, row.getString(column), type);
    }

    private static java.sql.Timestamp sqlTime(Instant instant) {
        return java.sql.Timestamp.from(instant);
    }

    private static UUID uuid(CustomerId id) {
        return UUID.fromString(id.value());
    }
}
