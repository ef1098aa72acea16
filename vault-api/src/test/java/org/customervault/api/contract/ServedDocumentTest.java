package org.customervault.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer of every operation, also the refusals and the answers about an erased customer,
 * conforms to the OpenAPI document the vault serves, and no operation of the document goes
 * unexercised: an endpoint added without a call here fails this test. To cover a new one, add its
 * calls through {@link #call}; the judging and the bookkeeping follow.
 */
class ServedDocumentTest {

    private static final String REGISTRATION = """
            {"fullName": "Ana Example", "email": "ana@example.com", "phone": "+5491100000000",
             "nationalId": "00-00000000-0", "birthDate": "1980-01-31",
             "address": {"line1": "Av. Example 123", "line2": "Floor 3", "city": "Buenos Aires",
                         "region": "CABA", "postalCode": "C0000", "country": "AR"},
             "preferences": {"language": "es-AR", "channels": ["EMAIL", "SMS"]}}""";
    private static final String NO_BODY = "{}";
    private static final String INTERACTION = """
            {"channel": "PHONE", "summary": "Asked for a copy of the invoice", "occurredAt": "2026-01-05T10:00:00Z"}""";

    @TempDir
    Path dataDir;

    private static final String NOTICE = """
            {"text": "We send offers to the email address you give us. You may withdraw at any time.", "language": "en"}""";

    private RunningVault vault;
    private ServedDocument document;
    private final List<String> problems = new ArrayList<>();

    @Test
    void everyOperationAnswersAsTheServedDocumentSays() throws InterruptedException {
        try (RunningVault running = RunningVault.start(dataDir)) {
            vault = running;
            Response served = vault.get(AGENT, "/v3/api-docs");
            assertThat(served.status()).isEqualTo(200);
            document = new ServedDocument(served.body());

            String id = customerWithAHistory();
            reads(id);
            compliance(id);
            subjectRequests(id);
            refusals(id);
            operations();
            listsAndVersions();
            erasure(id);

            assertThat(problems).as("answers that do not conform to the served document").isEmpty();
            assertThat(document.notExercised()).as("operations of the document this test never called").isEmpty();
        }
    }

    private String customerWithAHistory() {
        String id = call(AGENT, "POST", "/api/v1/customers", REGISTRATION, 201).json().get("id").asText();
        String path = "/api/v1/customers/" + id;
        call(AGENT, "PATCH", path, """
                {"email": "ana.example@example.com", "phone": null, "address": {"city": "Rosario", "region": null}}""",
                "application/merge-patch+json", Map.of(), 200);
        call(AGENT, "POST", path + "/interactions", """
                {"channel": "PHONE", "summary": "Asked for a copy of the invoice", "occurredAt": "2026-01-05T10:00:00Z"}""", 201);
        call(AGENT, "POST", path + "/purchases", """
                {"orderRef": "A-1001", "amount": "42.50", "currency": "USD", "occurredAt": "2026-01-06T10:00:00Z"}""", 201);
        call(AGENT, "POST", path + "/purchases", """
                {"orderRef": "A-1002", "amount": "1000", "currency": "JPY", "occurredAt": "2026-01-07T10:00:00Z"}""", 201);
        call(COMPLIANCE, "PUT", "/api/v1/compliance/notices/2026-01", NOTICE, 201);
        call(COMPLIANCE, "PUT", "/api/v1/compliance/notices/2026-01", NOTICE, 200);
        call(AGENT, "PUT", path + "/consents/marketing-email",
                "{\"granted\": true, \"noticeVersion\": \"2026-01\", \"channel\": \"WEB\"}", 200);
        call(AGENT, "PUT", path + "/consents/profiling", "{\"granted\": false, \"noticeVersion\": \"2026-01\"}", 200);
        call(AGENT, "PUT", path + "/objections/profiling", "{\"objected\": true, \"reason\": \"No profiling\"}", 200);
        call(COMPLIANCE, "PUT", path + "/restriction", "{\"restricted\": true, \"reason\": \"Disputes the address\"}", 200);
        return id;
    }

    private void reads(String id) {
        String path = "/api/v1/customers/" + id;
        call(AGENT, "GET", "/api/v1/customers", null, 200);
        call(AGENT, "GET", "/api/v1/customers?q=Ana&page=0&size=5", null, 200);
        call(AGENT, "GET", "/api/v1/customers?q=ana.example@example.com", null, 200);
        JsonNode asAgent = call(AGENT, "GET", path, null, null, Map.of("Purpose", "support call"), 200).json();
        assertThat(asAgent.get("fullName").asText()).as("restricted: an AGENT sees no personal value")
                .isEqualTo("(restricted)");
        assertThat(asAgent.has("birthDate")).isFalse();
        call(COMPLIANCE, "GET", path, null, 200);
        call(AGENT, "GET", path + "/timeline?page=0&size=50", null, 200);
    }

    private void compliance(String id) {
        String history = "/api/v1/compliance/customers/" + id + "/history";
        JsonNode now = call(COMPLIANCE, "GET", history, null, 200).json();
        assertThat(now.at("/stateAsOf/consents/0/purpose").asText()).isEqualTo("marketing-email");
        assertThat(now.at("/stateAsOf/status").asText()).isEqualTo("RESTRICTED");
        call(COMPLIANCE, "GET", history + "?asOf=" + java.time.Instant.now(), null, 200);
        JsonNode before = call(COMPLIANCE, "GET", history + "?asOf=2000-01-01", null, 200).json();
        assertThat(before.has("stateAsOf")).isFalse();

        JsonNode export = call(COMPLIANCE, "GET", "/api/v1/customers/" + id + "/export", null, null,
                Map.of("Purpose", "habeas-data request 17"), 200).json();
        assertThat(export.at("/current/consents").isArray()).as("consents as the 360 view shows them").isTrue();
        assertThat(export.toString()).as("money as decimal strings").contains("\"amount\":\"42.50\"");

        call(COMPLIANCE, "GET", "/api/v1/compliance/access-log?subjectId=" + id + "&size=1000", null, 200);
        call(COMPLIANCE, "GET", "/api/v1/compliance/access-log?from=2026-01-01T00:00:00Z&page=0&size=10", null, 200);
        call(COMPLIANCE, "GET", "/api/v1/compliance/notices/2026-01", null, 200);
        call(COMPLIANCE, "GET", "/api/v1/compliance/signing-key", null, 200);
        call(COMPLIANCE, "GET", "/api/v1/compliance/integrity", null, 200);
        call(COMPLIANCE, "GET", "/api/v1/compliance/retention", null, 200);
    }

    private void subjectRequests(String id) {
        String requests = "/api/v1/compliance/requests";
        Response created = call(COMPLIANCE, "POST", requests, """
                {"subjectId": "%s", "kind": "access", "jurisdiction": "CO", "channel": "EMAIL",
                 "receivedAt": "%s", "requester": {"name": "Ana Example", "email": "ana@example.com"},
                 "notes": "Asked by email"}""".formatted(id, Instant.now()), 201);
        String path = created.location();
        call(COMPLIANCE, "POST", path + "/verification", "{\"method\": \"IDENTITY_DOCUMENT\"}", 200);
        call(COMPLIANCE, "POST", path + "/start", null, "application/json", Map.of(), 200);
        call(COMPLIANCE, "POST", path + "/extension", "{\"reason\": \"Several systems to search\"}", 200);
        String exportedAt = call(COMPLIANCE, "GET", "/api/v1/customers/" + id + "/export", null, 200).json()
                .get("exportedAt").asText();
        call(COMPLIANCE, "POST", path + "/answer",
                "{\"evidence\": {\"type\": \"EXPORT\", \"reference\": \"" + exportedAt + "\"}}", 200);
        call(COMPLIANCE, "GET", path, null, 200);
        String refused = call(COMPLIANCE, "POST", requests, """
                {"kind": "access", "jurisdiction": "EU", "channel": "WEB", "receivedAt": "2026-01-15T10:00:00Z"}""", 201)
                .location();
        call(COMPLIANCE, "POST", refused + "/refusal", "{\"reason\": \"Identity not proven\"}", 200);
        call(COMPLIANCE, "POST", refused + "/start", null, "application/json", Map.of(), 409);
        call(COMPLIANCE, "POST", requests, """
                {"kind": "access", "jurisdiction": "XX", "channel": "WEB", "receivedAt": "2026-01-15T10:00:00Z"}""", 400);
        call(COMPLIANCE, "GET", requests + "?status=ANSWERED&dueBefore=2027-01-01&size=10", null, 200);
        call(COMPLIANCE, "GET", requests + "?page=0&size=1", null, 200);
        call(COMPLIANCE, "GET", requests + "/" + UUID.randomUUID(), null, 404);
    }

    private void refusals(String id) {
        String path = "/api/v1/customers/" + id;
        String unknown = "/api/v1/customers/" + UUID.randomUUID();
        call(AGENT, "POST", "/api/v1/customers", "{\"fullName\": \"\", \"phone\": \"5491100000000\"}", 400);
        call(AGENT, "POST", "/api/v1/customers", "{\"fullName\": \"Ana Example\", \"shoeSize\": 38}", 400);
        call(AGENT, "POST", path + "/purchases", """
                {"orderRef": "A-1003", "amount": 12.5, "currency": "USD", "occurredAt": "2026-01-06T10:00:00Z"}""", 400);
        call(AGENT, "GET", "/api/v1/customers?size=101", null, 400);
        call(AGENT, "GET", "/api/v1/customers/not-a-uuid", null, 400);
        call(AGENT, "GET", unknown, null, 404);
        call(AGENT, "GET", unknown + "/timeline", null, 404);
        call(COMPLIANCE, "GET", "/api/v1/compliance/customers/" + UUID.randomUUID() + "/history", null, 404);
        call(COMPLIANCE, "GET", "/api/v1/compliance/customers/" + id + "/history?asOf=yesterday", null, 400);
        call(AGENT, "GET", "/api/v1/compliance/customers/" + id + "/history", null, 403);
        call(AGENT, "GET", path + "/export", null, 403);
        call(null, "GET", "/api/v1/customers", null, 401);
        call(AGENT, "POST", path + "/purchases", """
                {"orderRef": "A-1001", "amount": "42.50", "currency": "USD", "occurredAt": "2026-01-06T10:00:00Z"}""", 409);
        call(AGENT, "POST", path + "/interactions", "channel=PHONE", "text/plain", Map.of(), 415);
        call(AGENT, "POST", "/api/v1/customers", "{\"fullName\": \"" + "a".repeat(70 * 1024) + "\"}", 413);
        call(AGENT, "GET", path, null, null, Map.of("Accept", "text/html"), 406);
        call(AGENT, "GET", path, null, null, Map.of("Purpose", "<script>"), 400);
        call(AGENT, "GET", path, null, null, Map.of("Purpose", "profiling"), 403);
        call(AGENT, "PUT", path + "/objections/profiling", "{\"reason\": \"No profiling\"}", 400);
        call(AGENT, "PUT", path + "/consents/MARKETING", "{\"granted\": true, \"noticeVersion\": \"2026-01\"}", 400);
        call(AGENT, "PUT", path + "/consents/newsletter", "{\"granted\": true, \"noticeVersion\": \"1999-01\"}", 400);
        call(COMPLIANCE, "PUT", "/api/v1/compliance/notices/2026-01", "{\"text\": \"Another text\"}", 409);
        call(COMPLIANCE, "GET", "/api/v1/compliance/notices/1999-01", null, 404);
        call(AGENT, "PUT", "/api/v1/compliance/notices/2026-02", NOTICE, 403);
    }

    private void operations() {
        call(ADMIN, "GET", "/api/v1/admin/dead-letters", null, 200);
        call(ADMIN, "POST", "/api/v1/admin/dead-letters/retry", NO_BODY, 200);
        call(AGENT, "POST", "/api/v1/admin/dead-letters/retry", NO_BODY, 403);
        call(ADMIN, "POST", "/api/v1/admin/keys/rotation", NO_BODY, 200);
        Response rebuild = call(ADMIN, "POST", "/api/v1/admin/projections/rebuild", NO_BODY, "application/json", Map.of(), -1);
        assertThat(rebuild.status()).isIn(200, 202);
        call(ADMIN, "GET", "/api/v1/admin/projections", null, 200);
        call(COMPLIANCE, "GET", "/api/v1/admin/projections", null, 403);
        Response rotation = call(ADMIN, "POST", "/api/v1/admin/keys/blind-index/rotate", NO_BODY, 202);
        call(ADMIN, "GET", rotation.location(), null, 200);
        call(ADMIN, "GET", "/api/v1/admin/keys/blind-index/rotations/" + UUID.randomUUID(), null, 404);

        Response token = call(ADMIN, "POST", "/api/v1/admin/tokens", "{\"name\": \"crm-front\", \"roles\": [\"AGENT\"]}", 201);
        call(ADMIN, "POST", "/api/v1/admin/tokens", "{\"name\": \"crm-front\", \"roles\": [\"AGENT\"]}", 409);
        call(ADMIN, "GET", "/api/v1/admin/tokens", null, 200);
        call(ADMIN, "GET", token.location(), null, 200);
        call(ADMIN, "DELETE", token.location(), null, 204);
        call(ADMIN, "DELETE", "/api/v1/admin/tokens/" + UUID.randomUUID(), null, 404);
        Response user = call(ADMIN, "POST", "/api/v1/admin/users",
                "{\"name\": \"rosa\", \"password\": \"a-long-passphrase-1\", \"roles\": [\"AGENT\"]}", 201);
        call(ADMIN, "GET", "/api/v1/admin/users", null, 200);
        call(ADMIN, "GET", user.location(), null, 200);
        call(ADMIN, "PATCH", user.location(), "{\"roles\": [\"COMPLIANCE\"]}", "application/merge-patch+json", Map.of(), 200);
        call(ADMIN, "PATCH", user.location(), "{\"password\": \"short\"}", "application/merge-patch+json", Map.of(), 400);
        call(ADMIN, "DELETE", user.location(), null, 204);
        call(ADMIN, "GET", user.location(), null, 404);
    }

    private void listsAndVersions() {
        String path = "/api/v1/customers/" + call(AGENT, "POST", "/api/v1/customers", REGISTRATION, 201).json().get("id").asText();
        Response first = call(AGENT, "GET", "/api/v1/customers?sort=createdAt&size=1", null, 200);
        call(AGENT, "GET", "/api/v1/customers?sort=createdAt&size=1&cursor=" + first.json().get("nextCursor").asText(),
                null, 200);
        call(AGENT, "GET", "/api/v1/customers?sort=name&status=RESTRICTED&consent=marketing-email", null, 200);
        call(AGENT, "GET", "/api/v1/customers?consent=profiling:withdrawn", null, 200);
        call(AGENT, "GET", "/api/v1/customers?stauts=ACTIVE", null, 400);
        call(AGENT, "GET", path + "/timeline?size=1", null, 200);
        Response log = call(COMPLIANCE, "GET", "/api/v1/compliance/access-log?size=1", null, 200);
        call(COMPLIANCE, "GET", "/api/v1/compliance/access-log?size=1&cursor=" + log.header("X-Next-Cursor"), null, 200);
        String etag = call(AGENT, "GET", path, null, 200).header("ETag");
        call(AGENT, "GET", path, null, null, Map.of("If-None-Match", etag), 304);
        call(AGENT, "PATCH", path, "{\"email\": \"ana.other@example.com\"}", "application/merge-patch+json",
                Map.of("If-Match", "\"9999\""), 412);
        String key = UUID.randomUUID().toString();
        call(AGENT, "POST", path + "/interactions", INTERACTION, "application/json", Map.of("Idempotency-Key", key), 201);
        Response replayed = call(AGENT, "POST", path + "/interactions", INTERACTION, "application/json",
                Map.of("Idempotency-Key", key), 201);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        call(AGENT, "POST", path + "/interactions", "{\"channel\": \"EMAIL\", \"summary\": \"Otra cosa\", \"occurredAt\": \"2026-01-02T10:00:00Z\"}",
                "application/json", Map.of("Idempotency-Key", key), 422);
    }

    private void erasure(String id) throws InterruptedException {
        vault.awaitReadModels();
        String path = "/api/v1/customers/" + id;
        call(COMPLIANCE, "PUT", path + "/legal-hold", "{\"held\": true, \"reason\": \"Court order 2026-114\"}", 200);
        call(COMPLIANCE, "DELETE", path, null, 409);
        call(COMPLIANCE, "PUT", path + "/legal-hold", "{\"held\": false}", 200);
        JsonNode certificate = call(COMPLIANCE, "DELETE", path, null, 200).json();
        assertThat(call(COMPLIANCE, "DELETE", path, null, 200).json()).as("the same certificate").isEqualTo(certificate);
        call(COMPLIANCE, "GET", "/api/v1/compliance/erasures?page=0&size=10", null, 200);
        call(AGENT, "GET", path, null, 410);
        call(AGENT, "GET", path + "/timeline", null, 410);
        call(AGENT, "PATCH", path, "{\"email\": \"other@example.com\"}", "application/merge-patch+json", Map.of(), 410);
        call(AGENT, "POST", path + "/interactions", """
                {"channel": "PHONE", "summary": "Called again", "occurredAt": "2026-01-08T10:00:00Z"}""", 410);

        JsonNode history = call(COMPLIANCE, "GET", "/api/v1/compliance/customers/" + id + "/history", null, 200).json();
        JsonNode registered = history.at("/events/0/data");
        assertThat(registered.get("fullName").asText()).isEqualTo("erased");
        assertThat(registered.get("birthDate").asText()).isEqualTo("erased");
        assertThat(registered.path("address").isNull() || registered.path("address").isMissingNode())
                .as("an erased address is no address, not a string").isTrue();
        assertThat(registered.get("erasedFields")).extracting(JsonNode::asText).contains("fullName", "address");
        assertThat(history.at("/stateAsOf/status").asText()).isEqualTo("ERASED");
        JsonNode export = call(COMPLIANCE, "GET", path + "/export", null, 200).json();
        assertThat(export.at("/erasure/keyId").asText()).isEqualTo(certificate.get("keyId").asText());
        assertThat(export.toString()).doesNotContain("Ana Example", "ana@example.com");
    }

    private Response call(String user, String method, String path, String body, int expectedStatus) {
        return call(user, method, path, body, body == null ? null : "application/json", Map.of(), expectedStatus);
    }

    /** Calls the vault, judges the answer against the document (collecting what does not conform), checks its status unless -1. */
    private Response call(String user, String method, String path, String body, String contentType,
                          Map<String, String> headers, int expectedStatus) {
        Response response = vault.send(user, method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                contentType, headers);
        if (expectedStatus != -1) {
            assertThat(response.status()).as(method + " " + path + " answered " + response.body()).isEqualTo(expectedStatus);
        }
        problems.addAll(document.problems(method, path, response));
        return response;
    }
}
