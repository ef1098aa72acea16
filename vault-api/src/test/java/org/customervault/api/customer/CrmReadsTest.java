package org.customervault.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRM's reads through the API: search by blind index, the list, masking by role, the timeline, rebuilds. */
class CrmReadsTest {

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private static String jose;
    private static String maria;
    private static String josefina;
    private static String pedro;

    @BeforeAll
    static void start() {
        // searches here are many and quick; their limit has a test of its own (RateLimitsTest)
        vault = RunningVault.start(dataDir, Map.of("vault.security.rate-limits.searches.limit", 1000));
        vault.registerNotice("3");
        jose = register("""
                {"fullName": "José Pérez", "email": "Jose.Perez@Example.com", "phone": "+5491112345678",
                 "nationalId": "20-12345678-9", "birthDate": "1980-05-17"}""");
        maria = register("{\"fullName\": \"María José Núñez\", \"email\": \"maria@example.com\"}");
        josefina = register("{\"fullName\": \"Josefina Gómez\", \"email\": \"josefina@example.com\"}");
        pedro = register("{\"fullName\": \"Pedro Pérez García\", \"phone\": \"+5491187654321\"}");
        assertThat(vault.post(AGENT, "/api/v1/customers/" + pedro + "/interactions", "{\"channel\": \"PHONE\","
                + " \"summary\": \"Consultó por su pedido\", \"occurredAt\": \"" + Instant.now() + "\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static String register(String json) {
        Response created = vault.post(AGENT, "/api/v1/customers", json);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static List<String> search(String q) {
        return search(AGENT, q);
    }

    private static List<String> search(String user, String q) {
        JsonNode page = vault.get(user, searchPath(q)).json();
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        assertThat(page.get("total").asLong()).isEqualTo(ids.size());
        assertThat(page.get("totalIsLowerBound").asBoolean()).as("a search by rare words is counted exactly").isFalse();
        return ids;
    }

    private static String searchPath(String q) {
        return "/api/v1/customers?size=100&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    @Test
    void findsACustomerByEachExactField() {
        assertThat(search("jose.perez@example.com")).containsExactly(jose);
        assertThat(search("  JOSE.PEREZ@EXAMPLE.COM ")).containsExactly(jose);
        assertThat(search("+54 9 11 1234-5678")).containsExactly(jose);
        assertThat(search(COMPLIANCE, "20.12345678.9")).containsExactly(jose);
        assertThat(search("+5491187654321")).containsExactly(pedro);
    }

    @Test
    void findsWholeNameWordsIgnoringCaseAndAccents() {
        assertThat(search("JOSE")).containsExactlyInAnyOrder(jose, maria);
        assertThat(search("josé pérez")).containsExactly(jose);
        assertThat(search("Perez")).containsExactlyInAnyOrder(jose, pedro);
        assertThat(search("nunez maria")).containsExactly(maria);
        assertThat(search("josefina")).containsExactly(josefina);
    }

    @Test
    void findsNothingByPartsOfAValue() {
        assertThat(search("jos")).isEmpty();
        assertThat(search("example.com")).isEmpty();
        assertThat(search(COMPLIANCE, "12345678")).isEmpty();
        assertThat(search("jose gomez")).as("every word must match one customer").isEmpty();
    }

    @Test
    void aRectifiedValueIsFoundAndTheOldOneIsNot() {
        String ana = register("{\"fullName\": \"Ana Ruiz\", \"email\": \"ana.old@example.com\"}");
        assertThat(vault.patch(AGENT, "/api/v1/customers/" + ana, "{\"email\": \"ana.new@example.com\", \"fullName\": \"Ana Belén Ruiz\"}")
                .status()).isEqualTo(200);

        assertThat(search("ana.old@example.com")).isEmpty();
        assertThat(search("ana.new@example.com")).containsExactly(ana);
        assertThat(search("belen")).containsExactly(ana);
    }

    @Test
    void listsByLastActivityWithPages() {
        JsonNode all = vault.get(AGENT, "/api/v1/customers?size=100").json();
        List<String> activity = new ArrayList<>();
        all.get("items").forEach(item -> activity.add(item.get("lastActivityAt").asText()));
        assertThat(activity).as("most recent activity first").isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
        assertThat(vault.get(AGENT, "/api/v1/customers?q=pedro").json().at("/items/0/lastActivityAt").asText())
                .as("an interaction is activity").isNotEqualTo(vault.get(AGENT, "/api/v1/customers/" + pedro).json().get("createdAt").asText());

        JsonNode first = vault.get(AGENT, "/api/v1/customers?page=0&size=2").json();
        assertThat(first.get("total").asLong()).isEqualTo(all.get("total").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = vault.get(AGENT, "/api/v1/customers?page=1&size=2").json();
        assertThat(second.get("items")).hasSize(2);
        assertThat(second.at("/items/0/id").asText()).isEqualTo(all.at("/items/2/id").asText());
    }

    @Test
    void anAgentSeesTheNationalIdAndBirthDateMasked() {
        JsonNode agent = vault.get(AGENT, "/api/v1/customers/" + jose).json();
        assertThat(agent.get("nationalId").asText()).isEqualTo("********");
        assertThat(agent.get("birthDate").asText()).isEqualTo("1980");
        assertThat(vault.get(AGENT, "/api/v1/customers/" + jose).body()).doesNotContain("20-12345678-9", "1980-05-17");

        for (String unmasked : List.of(COMPLIANCE, ADMIN)) {
            JsonNode full = vault.get(unmasked, "/api/v1/customers/" + jose).json();
            assertThat(full.get("nationalId").asText()).isEqualTo("20-12345678-9");
            assertThat(full.get("birthDate").asText()).isEqualTo("1980-05-17");
        }
        assertThat(vault.get(AGENT, "/api/v1/customers?q=jose").body()).doesNotContain("20-12345678-9", "1980-05-17");
        assertThat(vault.get(COMPLIANCE, "/api/v1/customers?q=jose").json().get("total").asLong()).isEqualTo(2);
    }

    @Test
    void theMaskedNationalIdIsTheSameWhateverTheIdsLength() {
        List<String> ids = List.of("7", "123-45-6789", "23-87654321-4", "AB 123 456 789 012 345 678 90");
        List<String> masked = new ArrayList<>();
        for (String nationalId : ids) {
            String id = register("{\"fullName\": \"Mask Test\", \"nationalId\": \"" + nationalId + "\"}");
            masked.add(vault.get(AGENT, "/api/v1/customers/" + id).json().get("nationalId").asText());
            assertThat(vault.get(COMPLIANCE, "/api/v1/customers/" + id).json().get("nationalId").asText()).isEqualTo(nationalId);
        }

        assertThat(masked).containsOnly("********");
    }

    @Test
    void anAgentCannotTellARegisteredNationalIdFromAnotherBySearching() {
        String withLetters = register("{\"fullName\": \"Iker Sanz\", \"nationalId\": \"X9988776L\"}");

        for (String[] rightAndWrong : List.of(new String[] {"20-12345678-9", "20-12345679-9"},
                new String[] {"20.12345678.9", "99.99999999.9"}, new String[] {"1980-05-17", "1980-05-18"},
                new String[] {"X9988776L", "X9988775L"})) {
            Response right = vault.get(AGENT, searchPath(rightAndWrong[0]));
            Response wrong = vault.get(AGENT, searchPath(rightAndWrong[1]));
            assertThat(right.status()).as(rightAndWrong[0]).isIn(200, 403);
            assertThat(right.body()).as("the same answer for a registered id and another").isEqualTo(wrong.body());
            assertThat(right.status()).isEqualTo(wrong.status());
            assertThat(right.body()).doesNotContain(jose, withLetters, rightAndWrong[0]);
        }
        Response refused = vault.get(AGENT, searchPath("20-12345678-9"));
        assertThat(refused.status()).as("an id-shaped text is refused, not answered as nobody").isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(search(COMPLIANCE, "20-12345678-9")).containsExactly(jose);
        assertThat(search(ADMIN, "x9988776l")).containsExactly(withLetters);
        assertThat(search("iker sanz")).as("the agent still finds people by name").containsExactly(withLetters);
    }

    @Test
    void everySearchFoundOrNotIsLoggedWithTheKindsItComparedAndNeverItsText() {
        Instant before = Instant.now();
        String unknownEmail = "cnry" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String unknownId = "cnry" + Canaries.digits(9);
        String purpose = "support ticket 42";

        assertThat(vault.send(AGENT, "GET", searchPath(unknownEmail), null, null, Map.of("Purpose", purpose))
                .json().get("total").asLong()).isZero();
        assertThat(vault.send(AGENT, "GET", searchPath("Josefina"), null, null, Map.of("Purpose", purpose))
                .json().get("total").asLong()).isEqualTo(1);
        assertThat(vault.get(COMPLIANCE, searchPath(unknownId)).json().get("total").asLong()).isZero();

        JsonNode log = vault.get(COMPLIANCE, "/api/v1/compliance/access-log?size=1000&from="
                + URLEncoder.encode(before.toString(), StandardCharsets.UTF_8)).json();
        List<String> searches = new ArrayList<>();
        log.forEach(entry -> {
            if (entry.get("action").asText().equals("customer.search") && !entry.has("subjectId")) {
                searches.add(entry.get("actor").asText() + " " + entry.path("purpose").asText("-") + " "
                        + entry.get("searchedBy"));
            }
        });
        assertThat(searches).containsExactly(AGENT + " " + purpose + " [\"email\"]",
                AGENT + " " + purpose + " [\"name-word\"]",
                COMPLIANCE + " - [\"name-word\",\"national-id\"]");
        assertThat(log.toString()).as("each customer shown is in the log too").contains(josefina)
                .doesNotContain(unknownEmail, unknownId, "Josefina");
        String table = vault.superuserJdbc().queryForObject("SELECT coalesce(string_agg(a::text, ' '), '') FROM access_log a",
                String.class);
        assertThat(table).doesNotContainIgnoringCase(unknownEmail).doesNotContainIgnoringCase(unknownId)
                .doesNotContainIgnoringCase("josefina");
    }

    @Test
    void theTimelineShowsWhatHappenedNewestFirst() {
        String id = register("{\"fullName\": \"Lucía Fernández\"}");
        vault.post(AGENT, "/api/v1/customers/" + id + "/purchases",
                "{\"orderRef\": \"F-77\", \"amount\": \"19.90\", \"currency\": \"EUR\", \"occurredAt\": \"" + Instant.now() + "\"}");
        vault.put(AGENT, "/api/v1/customers/" + id + "/consents/newsletter", "{\"granted\": true, \"noticeVersion\": \"3\"}");
        vault.patch(AGENT, "/api/v1/customers/" + id, "{\"email\": \"lucia@example.com\"}");

        JsonNode timeline = vault.get(AGENT, "/api/v1/customers/" + id + "/timeline?size=10").json();

        assertThat(timeline.get("total").asLong()).isEqualTo(4);
        List<String> kinds = new ArrayList<>();
        timeline.get("items").forEach(entry -> kinds.add(entry.get("kind").asText()));
        assertThat(kinds).containsExactlyInAnyOrder("RECTIFIED", "CONSENT_GRANTED", "PURCHASE", "REGISTERED");
        JsonNode rectified = timeline.get("items").get(0);
        assertThat(rectified.get("kind").asText()).isEqualTo("RECTIFIED");
        assertThat(rectified.at("/details/field").asText()).isEqualTo("email");
        assertThat(rectified.get("actor").asText()).isEqualTo(AGENT);
        assertThat(timeline.toString()).contains("\"amount\":\"19.90\"", "\"currency\":\"EUR\"").doesNotContain("lucia@example.com");

        JsonNode pedroTimeline = vault.get(AGENT, "/api/v1/customers/" + pedro + "/timeline").json();
        assertThat(pedroTimeline.at("/items/0/details/summary").asText()).isEqualTo("Consultó por su pedido");
    }

    @Test
    void aRebuiltReadModelAnswersAsBefore() {
        List<String> reads = List.of("/api/v1/customers?size=100", "/api/v1/customers?q=perez", "/api/v1/customers/" + jose,
                "/api/v1/customers/" + pedro + "/timeline");
        List<JsonNode> before = reads.stream().map(path -> vault.get(ADMIN, path).json()).toList();

        Response rebuilt = vault.post(ADMIN, "/api/v1/admin/projections/rebuild", null);

        assertThat(rebuilt.status()).as(rebuilt.body()).isEqualTo(200);
        assertThat(reads.stream().map(path -> vault.get(ADMIN, path).json()).toList()).isEqualTo(before);
    }
}
