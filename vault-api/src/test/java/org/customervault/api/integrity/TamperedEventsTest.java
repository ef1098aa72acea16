package org.customervault.api.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.ConnectionCallback;

/**
 * Stored events changed in the database by someone who can disable its immutability trigger (the
 * database owner): every read path refuses the changed event rather than showing what was planted.
 * The compliance history and the export answer with a problem, a command for the customer is
 * refused, and a rebuilt read model leaves the event out.
 */
class TamperedEventsTest {

    private static final String REFUSED = "urn:customer-vault:problem:stored-data-refused";

    @TempDir
    static Path dataDir;
    private static RunningVault vault;

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir);
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void aPersonalFieldReplacedByAPlainValueIsRefused() throws Exception {
        String rectified = register("ana.0@example.com", "{\"line1\": \"Real Street 1\", \"country\": \"AR\"}");
        rectifyEmail(rectified, "ana.1@example.com");
        String registered = register("bruno.0@example.com", "{\"line1\": \"Real Street 2\", \"country\": \"AR\"}");
        vault.awaitReadModels();

        plant(rectified, 1, "email", "4242424242");
        plant(registered, 0, "address", "{\"line1\": \"Planted Street 9\", \"country\": \"AR\"}");

        assertReadsRefused(rectified, "4242424242");
        assertReadsRefused(registered, "Planted Street 9");
        assertCommandsRefused(rectified);
        rebuild();
        assertThat(view(rectified).body()).doesNotContain("4242424242").contains("ana.0@example.com");
        assertThat(view(registered).status()).as("its registration is left out").isEqualTo(404);
        assertThat(timeline(registered)).doesNotContain("Planted Street 9");
        Response parked = vault.get(ADMIN, "/api/v1/admin/dead-letters");
        assertThat(parked.body()).as("refused events are parked, not skipped").contains(rectified, registered)
                .doesNotContain("4242424242", "Planted Street 9");
    }

    @Test
    void aCiphertextReplayedFromAnEarlierEventOfTheCustomerIsRefused() throws Exception {
        String customer = register("carla.0@example.com", null);
        rectifyEmail(customer, "carla.1@example.com");
        rectifyEmail(customer, "carla.2@example.com");
        rectifyEmail(customer, "carla.3@example.com");
        vault.awaitReadModels();

        copyField(customer, 1, customer, 3, "email");

        assertReadsRefused(customer, "carla.1@example.com");
        rebuild();
        assertThat(view(customer).body()).as("the changed event is left out")
                .contains("carla.2@example.com").doesNotContain("carla.1@example.com", "carla.3@example.com");
        assertThat(timeline(customer)).doesNotContain("\"sequence\":3");
    }

    @Test
    void aCiphertextMovedFromAnotherCustomerIsRefused() throws Exception {
        String customer = register("dario.0@example.com", null);
        rectifyEmail(customer, "dario.1@example.com");
        String other = register("elena.0@example.com", null);
        rectifyEmail(other, "elena.1@example.com");
        vault.awaitReadModels();

        copyField(other, 1, customer, 1, "email");

        assertReadsRefused(customer, "elena.1@example.com");
        rebuild();
        assertThat(view(customer).body()).contains("dario.0@example.com").doesNotContain("elena");
        assertThat(timeline(customer)).doesNotContain("elena");
    }

    @Test
    void anEventOfAnotherCustomerWithItsSubjectIsRefused() throws Exception {
        String customer = register("fabio.0@example.com", null);
        rectifyEmail(customer, "fabio.1@example.com");
        rectifyEmail(customer, "fabio.2@example.com");
        String other = register("gisela.0@example.com", null);
        rectifyEmail(other, "gisela.1@example.com");
        vault.awaitReadModels();

        asTheDatabaseOwner("""
                UPDATE domainevententry target SET payload = source.payload FROM domainevententry source
                WHERE source.aggregateidentifier = ? AND source.sequencenumber = 1
                  AND target.aggregateidentifier = ? AND target.sequencenumber = 2""", other, customer);

        assertReadsRefused(customer, "gisela");
        rebuild();
        assertThat(view(customer).body()).contains("fabio.1@example.com").doesNotContain("gisela");
        assertThat(view(other).body()).as("the other customer keeps their own data").contains("gisela.1@example.com");
    }

    private static String register(String email, String address) {
        Response created = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Tamper Target\", \"email\": \"" + email + "\""
                + (address == null ? "" : ", \"address\": " + address) + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static void rectifyEmail(String customer, String email) {
        Response rectified = vault.patch(AGENT, "/api/v1/customers/" + customer, "{\"email\": \"" + email + "\"}");
        assertThat(rectified.status()).as(rectified.body()).isIn(200, 202);
    }

    /** Replaces a personal member of a stored event by a plain JSON value. */
    private static void plant(String customer, long sequence, String field, String json) {
        asTheDatabaseOwner("""
                UPDATE domainevententry
                SET payload = convert_to(jsonb_set(convert_from(payload, 'UTF8')::jsonb, ARRAY[?::text], ?::jsonb)::text, 'UTF8')
                WHERE aggregateidentifier = ? AND sequencenumber = ?""", field, json, customer, sequence);
    }

    /** Copies a member of one stored event into another, as stored (still encrypted). */
    private static void copyField(String fromCustomer, long fromSequence, String toCustomer, long toSequence, String field) {
        asTheDatabaseOwner("""
                UPDATE domainevententry target
                SET payload = convert_to(jsonb_set(convert_from(target.payload, 'UTF8')::jsonb, ARRAY[?::text],
                        convert_from(source.payload, 'UTF8')::jsonb -> ?::text)::text, 'UTF8')
                FROM domainevententry source
                WHERE source.aggregateidentifier = ? AND source.sequencenumber = ?
                  AND target.aggregateidentifier = ? AND target.sequencenumber = ?""",
                field, field, fromCustomer, fromSequence, toCustomer, toSequence);
    }

    /** Runs one update of stored events with their immutability trigger off, as the table's owner can. */
    private static void asTheDatabaseOwner(String update, Object... arguments) {
        vault.jdbc().execute((ConnectionCallback<Void>) connection -> {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE domainevententry DISABLE TRIGGER domainevententry_immutable");
                try (PreparedStatement changed = connection.prepareStatement(update)) {
                    for (int i = 0; i < arguments.length; i++) {
                        changed.setObject(i + 1, arguments[i]);
                    }
                    assertThat(changed.executeUpdate()).as("rows changed").isEqualTo(1);
                }
                statement.execute("ALTER TABLE domainevententry ENABLE TRIGGER domainevententry_immutable");
                connection.commit();
            } finally {
                connection.setAutoCommit(true);
            }
            return null;
        });
    }

    private static void assertReadsRefused(String customer, String planted) {
        for (Response read : new Response[] {
                vault.get(COMPLIANCE, "/api/v1/compliance/customers/" + customer + "/history"),
                vault.get(COMPLIANCE, "/api/v1/customers/" + customer + "/export")}) {
            assertThat(read.status()).as(read.body()).isEqualTo(500);
            assertThat(read.contentType()).startsWith("application/problem+json");
            assertThat(read.json().get("type").asText()).isEqualTo(REFUSED);
            assertThat(read.body()).doesNotContain(planted);
        }
    }

    /** A failed command evicts the cached customer; the next one must load the history, and is refused. */
    private static void assertCommandsRefused(String customer) {
        long events = vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class);
        String path = "/api/v1/customers/" + customer;
        assertThat(vault.patch(AGENT, path, "{\"email\": \"not an email\"}").status()).isEqualTo(400);

        Response refused = vault.patch(AGENT, path, "{\"email\": \"after@example.com\"}");

        assertThat(refused.status()).as(refused.body()).isEqualTo(500);
        assertThat(refused.json().get("type").asText()).isEqualTo(REFUSED);
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class)).isEqualTo(events);
    }

    private static void rebuild() {
        Response rebuilt = vault.post(ADMIN, "/api/v1/admin/projections/rebuild", null);
        assertThat(rebuilt.status()).as(rebuilt.body()).isEqualTo(200);
    }

    private static Response view(String customer) {
        return vault.get(COMPLIANCE, "/api/v1/customers/" + customer);
    }

    private static String timeline(String customer) {
        return vault.get(COMPLIANCE, "/api/v1/customers/" + customer + "/timeline?size=100").body();
    }
}
