package org.customervault.projections.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.crypto.VaultJson;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;
import org.customervault.domain.customer.api.CustomerSummaryPage;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.projections.PersonalColumns;

/**
 * The customer 360 view's rows, between Java and the database: its personal columns sealed under
 * the customer's key and opened again, and its result rows mapped to the query answers.
 */
final class CustomerViewRows {

    /**
     * What a personal column's ciphertext is bound to, with the column's name after it: a value
     * copied to another column (or another read model) no longer opens. Part of every stored
     * ciphertext of the view: changing it makes the stored values unreadable until a replay.
     */
    private static final String CIPHERTEXT_PLACE_PREFIX = "customer_view.";
    /** An interaction's summary is bound to the interaction too, by its id after a slash. */
    private static final String INTERACTION_SUMMARY_PLACE = "customer_interaction.summary/";

    /** A customer's searchable columns, still sealed: what a re-index makes search tokens of. */
    record Searchable(UUID id, String fullName, String email, String phone, String nationalId) {
    }

    private final PersonalColumns personal;
    private final ObjectMapper json = VaultJson.objectMapper();

    CustomerViewRows(SubjectCipher cipher) {
        this.personal = new PersonalColumns(cipher);
    }

    String seal(CustomerId id, String column, Object value) {
        return personal.seal(id, CIPHERTEXT_PLACE_PREFIX + column, value);
    }

    <T> T open(CustomerId id, String column, String sealed, Class<T> type) {
        return personal.open(id, CIPHERTEXT_PLACE_PREFIX + column, sealed, type);
    }

    String sealInteractionSummary(CustomerId id, String interactionId, String summary) {
        return personal.seal(id, INTERACTION_SUMMARY_PLACE + interactionId, summary);
    }

    /** A row of {@code customer_id, full_name, email, status, created_at, last_activity_at}. */
    CustomerSummaryPage.Summary summary(ResultSet row, int rowNumber) throws SQLException {
        CustomerId id = customerId(row);
        return new CustomerSummaryPage.Summary(id, open(id, row, "full_name", String.class),
                open(id, row, "email", String.class), CustomerView.Status.valueOf(row.getString("status")),
                row.getTimestamp("created_at").toInstant(), row.getTimestamp("last_activity_at").toInstant());
    }

    /** A row of the view with its children as JSON arrays: {@code consents}, {@code objections}, {@code totals},
     * {@code interactions}. */
    CustomerView view(ResultSet row, int rowNumber) throws SQLException {
        CustomerId id = customerId(row);
        List<CustomerView.Consent> consents = children(row, "consents").stream()
                .map(c -> new CustomerView.Consent(c.get("purpose").asText(), c.get("granted").asBoolean(),
                        c.get("noticeVersion").asText(), text(c.get("noticeSha256")), channel(c.get("channel")),
                        instant(c.get("at"))))
                .toList();
        List<CustomerView.Objection> objections = children(row, "objections").stream()
                .map(o -> new CustomerView.Objection(o.get("purpose").asText(), instant(o.get("at"))))
                .toList();
        List<CustomerView.PurchaseTotal> totals = children(row, "totals").stream()
                .map(t -> new CustomerView.PurchaseTotal(t.get("currency").asText(), t.get("count").asLong(),
                        t.get("amount").decimalValue().stripTrailingZeros()))
                .toList();
        List<CustomerView.Interaction> interactions = children(row, "interactions").stream()
                .map(i -> new CustomerView.Interaction(i.get("id").asText(), Channel.valueOf(i.get("channel").asText()),
                        personal.open(id, INTERACTION_SUMMARY_PLACE + i.get("id").asText(), i.get("summary").asText(),
                                String.class),
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
                row.getBoolean("legal_hold"),
                consents,
                objections,
                row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("updated_at").toInstant(),
                row.getTimestamp("last_activity_at").toInstant(),
                totals.stream().mapToLong(CustomerView.PurchaseTotal::count).sum(),
                totals,
                interactions);
    }

    /** A row of {@code customer_id, full_name, email, phone, national_id}. */
    Searchable searchable(ResultSet row, int rowNumber) throws SQLException {
        return new Searchable(row.getObject("customer_id", UUID.class), row.getString("full_name"),
                row.getString("email"), row.getString("phone"), row.getString("national_id"));
    }

    /** The search tokens of a customer's searchable columns, opened with the customer's key. */
    List<SearchTokens.Token> tokensOf(Searchable row, SearchTokens search) {
        CustomerId id = new CustomerId(row.id());
        List<SearchTokens.Token> tokens = new ArrayList<>(search.ofName(open(id, "full_name", row.fullName(), String.class)));
        tokens.addAll(search.ofEmail(open(id, "email", row.email(), String.class)));
        tokens.addAll(search.ofPhone(open(id, "phone", row.phone(), String.class)));
        tokens.addAll(search.ofNationalId(open(id, "national_id", row.nationalId(), String.class)));
        return tokens;
    }

    private static CustomerId customerId(ResultSet row) throws SQLException {
        return new CustomerId(row.getObject("customer_id", UUID.class));
    }

    private <T> T open(CustomerId id, ResultSet row, String column, Class<T> type) throws SQLException {
        return open(id, column, row.getString(column), type);
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

    /** A JSON string, or {@code null} for a JSON null or an absent member. */
    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Channel channel(JsonNode value) {
        String name = text(value);
        return name == null ? null : Channel.valueOf(name);
    }

    private static Instant instant(JsonNode timestamp) {
        return OffsetDateTime.parse(timestamp.asText()).toInstant();
    }
}
