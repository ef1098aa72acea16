package org.customervault.projections.customer;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerView;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The customer view rebuilt in bulk: events are handed to the projection's own handlers
 * ({@link CustomerViewProjection}, so there is one place that decides what an event changes), whose
 * changes land on rows held in memory; {@link #flush} writes the rows changed since the last flush,
 * each once, with one statement per table. A customer whose events span two flushes is written at
 * both (deleted and written again at the second).
 *
 * <p>{@link #prepare} takes the changed rows into a write of their own, so the next events can be
 * folded while it runs.
 *
 * <p>Every customer's row stays in memory until the rebuild ends, so that a later event can be
 * folded into it without reading it back: memory grows with the number of customers (about 2 KB
 * each, more with many interactions).
 */
public final class CustomerViewFold {

    /** Deletes rows written by an earlier flush; consents, totals, interactions and search tokens go with them. */
    private static final String DELETE_CUSTOMERS = """
            DELETE FROM customer_view WHERE customer_id = ANY (?)""";

    private static final String INSERT_VIEWS = """
            INSERT INTO customer_view (customer_id, version, status, full_name, email, phone, national_id, birth_date,
                address, preferences, created_at, updated_at, last_activity_at, legal_hold)
            SELECT * FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::boolean[])""";

    private static final String INSERT_CONSENTS = """
            INSERT INTO customer_consent (customer_id, purpose, granted, notice_version, notice_sha256, channel, changed_at)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])""";

    private static final String INSERT_OBJECTIONS = """
            INSERT INTO customer_objection (customer_id, purpose, objected_at)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::timestamptz[])""";

    private static final String INSERT_TOTALS = """
            INSERT INTO customer_purchase_total (customer_id, currency, purchase_count, total)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::integer[], ?::numeric[])""";

    private static final String INSERT_INTERACTIONS = """
            INSERT INTO customer_interaction (customer_id, interaction_id, channel, summary, occurred_at)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])""";

    /**
     * Locks the key version the tokens are made with while it is current, as the per-event
     * statements do (see {@link CustomerViewStatements}): a rotation's switch waits for this
     * transaction, and a flush that finds the version no longer current makes its tokens again.
     */
    private static final String LOCK_CURRENT_KEY = """
            SELECT version FROM blind_index_key WHERE version = ? AND state = ? FOR KEY SHARE""";

    private static final String INSERT_TOKENS = """
            INSERT INTO customer_search (customer_id, kind, token, key_version)
            SELECT t.customer_id, t.kind, t.token, ? FROM unnest(?::uuid[], ?::text[], ?::bytea[]) AS t(customer_id, kind, token)
            ON CONFLICT DO NOTHING""";

    private record Consent(boolean granted, String noticeVersion, String noticeSha256, Channel channel, Instant at) {
    }

    private record Interaction(Channel channel, String sealedSummary, Instant occurredAt) {
    }

    private static final class Total {
        int count;
        BigDecimal amount = BigDecimal.ZERO;
    }

    /** A customer's row and its children, as the database would hold them after the same events. */
    private static final class Row {
        final UUID id;
        long version;
        CustomerView.Status status = CustomerView.Status.ACTIVE;
        final Map<ViewColumn, String> sealed = new HashMap<>();
        Instant createdAt;
        Instant updatedAt;
        Instant lastActivityAt;
        boolean legalHold;
        final Map<String, Consent> consents = new LinkedHashMap<>();
        final Map<String, Instant> objections = new LinkedHashMap<>();
        final Map<String, Interaction> interactions = new LinkedHashMap<>();
        final Map<String, Total> totals = new LinkedHashMap<>();
        /** Search tokens by kind, made with key version {@link #tokenVersion}. */
        final Map<String, List<SearchTokens.Token>> tokens = new HashMap<>();
        /** The key version every token was made with; -1 when they were made with several. */
        int tokenVersion;

        Row(UUID id) {
            this.id = id;
        }
    }

    private final Map<UUID, Row> rows = new HashMap<>();
    private final Set<UUID> changed = new HashSet<>();
    private final Set<UUID> written = new HashSet<>();
    private final Set<UUID> purged = new HashSet<>();
    private final BlindIndexKeys keys;
    private final CustomerViewRows views;
    private final AnnotationEventHandlerAdapter handlers;

    public CustomerViewFold(SubjectCipher cipher, BlindIndexKeys keys) {
        this.keys = keys;
        this.views = new CustomerViewRows(cipher);
        this.handlers = new AnnotationEventHandlerAdapter(new CustomerViewProjection(new InMemory(), cipher));
    }

    /** Applies an event as the projection's handler would, to the rows in memory. */
    public void handle(EventMessage<?> event) throws Exception {
        if (handlers.canHandle(event)) {
            handlers.handle(event);
        }
    }

    /** Customers whose rows are held in memory: what the rebuild's memory grows with. */
    public int customersHeld() {
        return rows.size();
    }

    /** Rows made ready by {@link #prepare}, written by {@link #to} in the caller's transaction. */
    public interface Write {
        void to(JdbcTemplate jdbc);
    }

    /**
     * Writes the rows changed since the last flush, in the caller's transaction. Rows of customers
     * {@code erased} says are erased are dropped instead (their key may already be gone: an erasure
     * that ran while the rebuild read their events must not be undone by this write).
     */
    public void flush(JdbcTemplate jdbc, Function<Collection<UUID>, Set<UUID>> erased) {
        prepare(erased).to(jdbc);
    }

    /**
     * Takes the rows changed since the last call, as {@link #flush} would write them, into a write
     * that no later event changes: the next events can be folded while it is written. Its search
     * tokens are made with the key version current now; the write fails if a rotation has switched
     * versions meanwhile.
     */
    public Write prepare(Function<Collection<UUID>, Set<UUID>> erased) {
        Set<UUID> gone = changed.isEmpty() ? Set.of() : erased.apply(changed);
        gone.forEach(id -> {
            rows.remove(id);
            changed.remove(id);
            purged.add(id);
        });
        List<UUID> deleted = new ArrayList<>();
        purged.stream().filter(written::contains).forEach(deleted::add);
        changed.stream().filter(written::contains).forEach(deleted::add);
        List<Row> writing = changed.stream().map(rows::get).toList();
        Object[][] views = viewColumns(writing);
        List<List<Object[]>> children = children(writing);
        BlindIndexKeys.Version version = keys.current();
        Object[][] tokens = tokens(writing, version);
        deleted.forEach(written::remove);
        writing.forEach(row -> written.add(row.id));
        purged.clear();
        changed.clear();
        return jdbc -> jdbc.execute((Connection connection) -> {
            if (!deleted.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement(DELETE_CUSTOMERS)) {
                    delete.setArray(1, connection.createArrayOf("uuid", deleted.toArray()));
                    delete.executeUpdate();
                }
            }
            if (!writing.isEmpty()) {
                insert(connection, INSERT_VIEWS, views, "uuid", "bigint", "text", "text", "text", "text", "text",
                        "text", "text", "text", "timestamptz", "timestamptz", "timestamptz", "boolean");
                insertRows(connection, INSERT_CONSENTS, children.get(0), "uuid", "text", "boolean", "text", "text",
                        "text", "timestamptz");
                insertRows(connection, INSERT_OBJECTIONS, children.get(1), "uuid", "text", "timestamptz");
                insertRows(connection, INSERT_TOTALS, children.get(2), "uuid", "text", "integer", "numeric");
                insertRows(connection, INSERT_INTERACTIONS, children.get(3), "uuid", "text", "text", "text",
                        "timestamptz");
                insertTokens(connection, version, tokens);
            }
            return null;
        });
    }

    private static Object[][] viewColumns(List<Row> writing) {
        int n = writing.size();
        Object[][] columns = new Object[14][n];
        for (int i = 0; i < n; i++) {
            Row row = writing.get(i);
            columns[0][i] = row.id;
            columns[1][i] = row.version;
            columns[2][i] = row.status.name();
            columns[3][i] = row.sealed.get(ViewColumn.FULL_NAME);
            columns[4][i] = row.sealed.get(ViewColumn.EMAIL);
            columns[5][i] = row.sealed.get(ViewColumn.PHONE);
            columns[6][i] = row.sealed.get(ViewColumn.NATIONAL_ID);
            columns[7][i] = row.sealed.get(ViewColumn.BIRTH_DATE);
            columns[8][i] = row.sealed.get(ViewColumn.ADDRESS);
            columns[9][i] = row.sealed.get(ViewColumn.PREFERENCES);
            columns[10][i] = Timestamp.from(row.createdAt);
            columns[11][i] = Timestamp.from(row.updatedAt);
            columns[12][i] = Timestamp.from(row.lastActivityAt);
            columns[13][i] = row.legalHold;
        }
        return columns;
    }

    /** Consents, objections, totals and interactions, in that order. */
    private static List<List<Object[]>> children(List<Row> writing) {
        List<Object[]> consents = new ArrayList<>();
        List<Object[]> objections = new ArrayList<>();
        List<Object[]> totals = new ArrayList<>();
        List<Object[]> interactions = new ArrayList<>();
        for (Row row : writing) {
            row.consents.forEach((purpose, c) -> consents.add(new Object[]{row.id, purpose, c.granted(),
                    c.noticeVersion(), c.noticeSha256(), c.channel() == null ? null : c.channel().name(),
                    Timestamp.from(c.at())}));
            row.objections.forEach((purpose, at) -> objections.add(new Object[]{row.id, purpose, Timestamp.from(at)}));
            row.totals.forEach((currency, t) -> totals.add(new Object[]{row.id, currency, t.count, t.amount}));
            row.interactions.forEach((interactionId, i) -> interactions.add(new Object[]{row.id, interactionId,
                    i.channel().name(), i.sealedSummary(), Timestamp.from(i.occurredAt())}));
        }
        return List.of(consents, objections, totals, interactions);
    }

    /** The rows' search tokens as three columns: customer, kind, token. */
    private Object[][] tokens(List<Row> writing, BlindIndexKeys.Version version) {
        List<Object> ids = new ArrayList<>();
        List<Object> kinds = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (Row row : writing) {
            List<SearchTokens.Token> tokens;
            if (row.tokenVersion == version.number()) {
                tokens = row.tokens.values().stream().flatMap(List::stream).toList();
            } else {
                // made with a key that is no longer current: made again from the row, as a re-index does
                tokens = views.tokensOf(new CustomerViewRows.Searchable(row.id, row.sealed.get(ViewColumn.FULL_NAME),
                        row.sealed.get(ViewColumn.EMAIL), row.sealed.get(ViewColumn.PHONE),
                        row.sealed.get(ViewColumn.NATIONAL_ID)), version.tokens());
            }
            for (SearchTokens.Token token : tokens) {
                ids.add(row.id);
                kinds.add(token.kind());
                values.add(token.value());
            }
        }
        return new Object[][]{ids.toArray(), kinds.toArray(), values.toArray(byte[][]::new)};
    }

    private static void insertTokens(Connection connection, BlindIndexKeys.Version version, Object[][] tokens)
            throws SQLException {
        if (tokens[0].length == 0) {
            return;
        }
        lockCurrentKey(connection, version);
        try (PreparedStatement statement = connection.prepareStatement(INSERT_TOKENS)) {
            statement.setInt(1, version.number());
            statement.setArray(2, connection.createArrayOf("uuid", tokens[0]));
            statement.setArray(3, connection.createArrayOf("text", tokens[1]));
            statement.setArray(4, connection.createArrayOf("bytea", tokens[2]));
            statement.executeUpdate();
        }
    }

    /**
     * Locks the key version the tokens were made with, found only while it is current; a rotation
     * that switched versions after the tokens were made fails the write, and the rebuild leaves the
     * rest to the processors, which make their tokens with the new version.
     */
    private static void lockCurrentKey(Connection connection, BlindIndexKeys.Version version) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_CURRENT_KEY)) {
            lock.setInt(1, version.number());
            lock.setString(2, BlindIndexKeys.CURRENT);
            try (ResultSet found = lock.executeQuery()) {
                if (!found.next()) {
                    throw new IllegalStateException("blind-index key version " + version.number()
                            + " stopped being current during the bulk rebuild");
                }
            }
        }
    }

    private static void insertRows(Connection connection, String sql, List<Object[]> rows, String... types)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Object[][] columns = new Object[types.length][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < types.length; c++) {
                columns[c][i] = rows.get(i)[c];
            }
        }
        insert(connection, sql, columns, types);
    }

    private static void insert(Connection connection, String sql, Object[][] columns, String... types)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int c = 0; c < types.length; c++) {
                Array array = connection.createArrayOf(types[c], columns[c]);
                statement.setArray(c + 1, array);
            }
            statement.executeUpdate();
        }
    }

    /** The handlers' changes applied to {@link #rows}, with the statements' semantics. */
    private final class InMemory implements CustomerViewWrites {

        @Override
        public void reset() {
            throw new UnsupportedOperationException("a bulk rebuild starts from tables its caller has reset");
        }

        @Override
        public void register(Registration registration, Function<SearchTokens, List<SearchTokens.Token>> tokensOf) {
            UUID id = registration.id().uuid();
            if (rows.containsKey(id)) {
                return;
            }
            Row row = new Row(id);
            row.version = registration.sequence();
            row.sealed.put(ViewColumn.FULL_NAME, registration.fullName());
            row.sealed.put(ViewColumn.EMAIL, registration.email());
            row.sealed.put(ViewColumn.PHONE, registration.phone());
            row.sealed.put(ViewColumn.NATIONAL_ID, registration.nationalId());
            row.sealed.put(ViewColumn.BIRTH_DATE, registration.birthDate());
            row.sealed.put(ViewColumn.ADDRESS, registration.address());
            row.sealed.put(ViewColumn.PREFERENCES, registration.preferences());
            row.createdAt = registration.at();
            row.updatedAt = registration.at();
            row.lastActivityAt = registration.at();
            BlindIndexKeys.Version version = keys.current();
            row.tokenVersion = version.number();
            for (SearchTokens.Token token : tokensOf.apply(version.tokens())) {
                row.tokens.computeIfAbsent(token.kind(), kind -> new ArrayList<>()).add(token);
            }
            rows.put(id, row);
            changed.add(id);
        }

        @Override
        public void setColumn(CustomerId id, ViewColumn column, String sealed, long sequence, Instant at) {
            Row row = moved(id, sequence, at);
            if (row != null) {
                row.sealed.put(column, sealed);
            }
        }

        @Override
        public void setIndexedColumn(CustomerId id, ViewColumn column, String sealed, long sequence, Instant at,
                                     String kind, Function<SearchTokens, List<SearchTokens.Token>> tokensOf) {
            Row row = moved(id, sequence, at);
            if (row != null) {
                row.sealed.put(column, sealed);
                BlindIndexKeys.Version version = keys.current();
                row.tokens.put(kind, tokensOf.apply(version.tokens()));
                if (version.number() != row.tokenVersion) {
                    row.tokenVersion = -1;
                }
            }
        }

        @Override
        public void setStatus(CustomerId id, CustomerView.Status status, long sequence, Instant at) {
            Row row = moved(id, sequence, at);
            if (row != null) {
                row.status = status;
            }
        }

        @Override
        public void setLegalHold(CustomerId id, boolean held, long sequence, Instant at) {
            Row row = moved(id, sequence, at);
            if (row != null) {
                row.legalHold = held;
            }
        }

        @Override
        public boolean advance(CustomerId id, long sequence, Instant at, Instant activityAt) {
            Row row = moved(id, sequence, at);
            if (row != null && activityAt != null && activityAt.isAfter(row.lastActivityAt)) {
                row.lastActivityAt = activityAt;
            }
            return row != null;
        }

        @Override
        public void setConsent(CustomerId id, String purpose, boolean granted, String noticeVersion,
                               String noticeSha256, Channel channel, Instant at) {
            rows.get(id.uuid()).consents.put(purpose, new Consent(granted, noticeVersion, noticeSha256, channel, at));
        }

        @Override
        public void addObjection(CustomerId id, String purpose, Instant at) {
            rows.get(id.uuid()).objections.putIfAbsent(purpose, at);
        }

        @Override
        public void removeObjection(CustomerId id, String purpose) {
            rows.get(id.uuid()).objections.remove(purpose);
        }

        @Override
        public void addInteraction(CustomerId id, String interactionId, Channel channel, String sealedSummary,
                                   Instant occurredAt) {
            rows.get(id.uuid()).interactions.putIfAbsent(interactionId, new Interaction(channel, sealedSummary, occurredAt));
        }

        @Override
        public void addPurchase(CustomerId id, String currency, BigDecimal amount) {
            Total total = rows.get(id.uuid()).totals.computeIfAbsent(currency, c -> new Total());
            total.count++;
            total.amount = total.amount.add(amount);
        }

        @Override
        public void purge(CustomerId id) {
            rows.remove(id.uuid());
            changed.remove(id.uuid());
            purged.add(id.uuid());
        }

        /** The row moved to {@code sequence} and marked changed, or null when it is absent or not behind. */
        private Row moved(CustomerId id, long sequence, Instant at) {
            Row row = rows.get(id.uuid());
            if (row == null || row.version >= sequence) {
                return null;
            }
            row.version = sequence;
            row.updatedAt = at;
            changed.add(row.id);
            return row;
        }
    }
}
