package org.customervault.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An objection or a withdrawn consent refuses the reads made for that purpose; other reads go on. */
class ObjectionTest {

    private static final String PURPOSE_REFUSED = "urn:customer-vault:problem:purpose-refused";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path dumps;
    private static RunningVault vault;
    private static final Canaries canaries = new Canaries();

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir);
        vault.registerNotice("2026-01");
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void aReadForAPurposeObjectedToIsRefusedAndOthersAreNot() throws Exception {
        String customer = customer();
        String reason = canaries.next("reason");
        Response objected = vault.put(AGENT, "/api/v1/customers/" + customer + "/objections/profiling",
                "{\"objected\": true, \"reason\": \"" + reason + "\"}");
        assertThat(objected.status()).as(objected.body()).isEqualTo(200);

        JsonNode objections = vault.get(COMPLIANCE, "/api/v1/customers/" + customer).json().get("objections");
        assertThat(objections).hasSize(1);
        assertThat(objections.get(0).get("purpose").asText()).isEqualTo("profiling");
        assertThat(objections.toString()).as("the reason stays in the history").doesNotContain(reason);
        for (String path : List.of("", "/timeline")) {
            Response refused = read(AGENT, customer, path, "profiling");
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.json().get("type").asText()).isEqualTo(PURPOSE_REFUSED);
            assertThat(refused.body()).doesNotContain(reason).doesNotContain("Ana");
            assertThat(read(AGENT, customer, path, "profiling: spring model").status()).as(path).isEqualTo(403);
            assertThat(read(AGENT, customer, path, "support call").status()).as(path).isEqualTo(200);
            assertThat(read(AGENT, customer, path, "profilingx").status()).as("another code").isEqualTo(200);
            assertThat(read(AGENT, customer, path, null).status()).as(path).isEqualTo(200);
        }
        // the customer's own rights are served whatever they object to: access, portability, accountability
        assertThat(vault.send(COMPLIANCE, "GET", "/api/v1/customers/" + customer + "/export", (byte[]) null, null,
                Map.of("Purpose", "profiling")).status()).isEqualTo(200);
        assertThat(vault.send(COMPLIANCE, "GET", "/api/v1/compliance/customers/" + customer + "/history", (byte[]) null,
                null, Map.of("Purpose", "profiling")).status()).isEqualTo(200);

        Path dump = dumps.resolve("events.txt");
        Files.writeString(dump, String.join("\n", vault.superuserJdbc().queryForList(
                "SELECT t::text || convert_from(t.payload, 'UTF8') FROM domainevententry t", String.class))
                + String.join("\n", vault.superuserJdbc().queryForList("SELECT t::text FROM customer_objection t",
                String.class)));
        assertThat(canaries.findIn(List.of(dump))).as("the objection's reason in plaintext").isEmpty();

        assertThat(vault.put(AGENT, "/api/v1/customers/" + customer + "/objections/profiling",
                "{\"objected\": false}").status()).isEqualTo(200);
        assertThat(read(AGENT, customer, "", "profiling").status()).as("the objection withdrawn").isEqualTo(200);
        assertThat(vault.get(AGENT, "/api/v1/customers/" + customer).json().get("objections")).isEmpty();
    }

    @Test
    void aReadForAPurposeWhoseConsentIsWithdrawnIsRefused() {
        String customer = customer();
        consent(customer, "newsletter", true);
        consent(customer, "marketing", true);
        assertThat(read(AGENT, customer, "", "marketing").status()).isEqualTo(200);
        consent(customer, "marketing", false);
        assertThat(read(AGENT, customer, "", "marketing").status()).isEqualTo(403);
        assertThat(read(COMPLIANCE, customer, "/timeline", "marketing").status()).as("whatever the role").isEqualTo(403);
        assertThat(read(AGENT, customer, "", "newsletter").status()).isEqualTo(200);
        consent(customer, "marketing", true);
        assertThat(read(AGENT, customer, "", "marketing").status()).as("granted again").isEqualTo(200);
    }

    @Test
    void thePurposeIsReadFromTheHeaderWhateverItsCaseOrWhatFollowsTheCode() {
        String customer = customer();
        assertThat(vault.put(AGENT, "/api/v1/customers/" + customer + "/objections/profiling", "{\"objected\": true}")
                .status()).isEqualTo(200);

        for (String header : List.of("Profiling", "PROFILING campaign", "profiling/model", " profiling")) {
            assertThat(read(AGENT, customer, "", header).status()).as(header).isIn(403, 400);
        }
        assertThat(read(AGENT, customer, "", "profiling-lite").status()).as("another purpose's code").isEqualTo(200);
    }

    @Test
    void theListAndTheSearchLeaveOutWhoRefusesThePurposeAndAConsentFilterWhoObjected() {
        String email = canaries.next("list") + "@example.com";
        String objector = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Ana Example\", \"email\": \"" + email
                + "\"}").json().get("id").asText();
        String consenting = customer();
        consent(objector, "offers", true);
        consent(consenting, "offers", true);
        assertThat(vault.put(AGENT, "/api/v1/customers/" + objector + "/objections/offers", "{\"objected\": true}")
                .status()).isEqualTo(200);

        String granted = vault.get(AGENT, "/api/v1/customers?consent=offers:granted&size=100").body();
        assertThat(granted).as("a granted consent the customer objected to since").contains(consenting)
                .doesNotContain(objector);
        String searched = "/api/v1/customers?q=" + URLEncoder.encode(email, StandardCharsets.UTF_8);
        assertThat(list(searched, null)).contains(objector);
        assertThat(list(searched, "offers: spring mailing")).doesNotContain(objector);
        assertThat(list("/api/v1/customers?size=100", "Offers")).contains(consenting).doesNotContain(objector);
        consent(consenting, "offers", false);
        assertThat(list("/api/v1/customers?size=100", "offers")).as("a withdrawn consent").doesNotContain(consenting);
        assertThat(list("/api/v1/customers?size=100", "support")).contains(objector, consenting);
    }

    @Test
    void aWithdrawalIsNeverHeldUpByAnUnregisteredNoticeAGrantIs() {
        String customer = customer();
        String consents = "/api/v1/customers/" + customer + "/consents/newsletter";

        Response grant = vault.put(AGENT, consents, "{\"granted\": true, \"noticeVersion\": \"2019-legacy\"}");
        assertThat(grant.status()).isEqualTo(400);
        assertThat(grant.body()).contains("noticeVersion");
        Response withdrawn = vault.put(AGENT, consents, "{\"granted\": false, \"noticeVersion\": \"2019-legacy\"}");
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        JsonNode recorded = vault.get(COMPLIANCE, "/api/v1/compliance/customers/" + customer + "/history").json()
                .at("/events/1/data");
        assertThat(recorded.get("noticeVersion").asText()).isEqualTo("2019-legacy");
        assertThat(recorded.path("noticeSha256").isMissingNode() || recorded.get("noticeSha256").isNull()).isTrue();
        assertThat(read(AGENT, customer, "", "newsletter").status()).isEqualTo(403);
    }

    @Test
    void aMalformedObjectionIsRefusedAndNothingRecorded() {
        String customer = customer();
        String path = "/api/v1/customers/" + customer + "/objections/";
        assertThat(vault.put(AGENT, path + "profiling", "{\"reason\": \"x\"}").status()).isEqualTo(400);
        assertThat(vault.put(AGENT, path + "Profiling!", "{\"objected\": true}").status()).isEqualTo(400);
        assertThat(vault.put(AGENT, path + "profiling", "{\"objected\": true, \"reason\": \"<b>\"}").status())
                .isEqualTo(400);
        assertThat(vault.put(AGENT, path + "profiling", "{\"objected\": true, \"extra\": 1}").status()).isEqualTo(400);
        assertThat(read(AGENT, customer, "", "profiling").status()).isEqualTo(200);
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/customers/" + customer + "/history").json()
                .get("events").size()).isEqualTo(1);
    }

    private static Response read(String user, String customer, String path, String purpose) {
        return vault.send(user, "GET", "/api/v1/customers/" + customer + path, (byte[]) null, null,
                purpose == null ? Map.of() : Map.of("Purpose", purpose));
    }

    private static void consent(String customer, String purpose, boolean granted) {
        Response answer = vault.put(AGENT, "/api/v1/customers/" + customer + "/consents/" + purpose,
                "{\"granted\": " + granted + ", \"noticeVersion\": \"2026-01\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private static String list(String path, String purpose) {
        Response listed = vault.send(AGENT, "GET", path, (byte[]) null, null,
                purpose == null ? Map.of() : Map.of("Purpose", purpose));
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        return listed.body();
    }

    private static String customer() {
        return vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Ana Example\"}").json().get("id").asText();
    }
}
