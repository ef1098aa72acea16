package org.customervault.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.customervault.api.deadletter.DeadLetters;
import org.customervault.api.support.LogCapture;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input, missing credentials and wrong roles get a problem and store nothing. */
class RequestRulesTest {

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private static String customer;
    private static LogCapture log;

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir);
        log = LogCapture.attach();
        customer = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Ana Canary\"}").json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        log.close();
        vault.close();
    }

    /** What the requests of this class send that is personal, or hostile: none of it may be answered or logged. */
    private static final String[] SENT_VALUES = {"secret-not-an-email", "011 4444-5555", "DROP TABLE", "<script>",
            "20-12345678-9", "1980-05-17", "27.33445566.1"};

    private static final String SQL = "x'; DROP TABLE customer_view; --";
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String JSON = "application/json";
    private static final String PURCHASE = """
            {"orderRef": "%s", "amount": "%s", "currency": "%s", "occurredAt": "%s"}""";

    record Case(String name, String user, String method, String path, byte[] body, String contentType,
                Map<String, String> headers, int expectedStatus) {

        static Case of(String name, String user, String method, String path, String body, int expectedStatus) {
            return new Case(name, user, method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                    body == null ? null : method.equals("PATCH") ? "application/merge-patch+json" : JSON,
                    Map.of(), expectedStatus);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badRequests() {
        String customers = "/api/v1/customers";
        String one = customers + "/{customer}";
        String unknown = customers + "/" + UUID.randomUUID();
        List<Case> cases = new ArrayList<>(List.of(
                Case.of("malformed JSON", AGENT, "POST", customers, "{\"fullName\": ", 400),
                Case.of("unknown field", AGENT, "POST", customers, "{\"fullName\": \"A\", \"vip\": true}", 400),
                Case.of("unknown field in the address", AGENT, "POST", customers,
                        "{\"fullName\": \"A\", \"address\": {\"line1\": \"x\", \"country\": \"AR\", \"floor\": 3}}", 400),
                Case.of("wrong type", AGENT, "POST", customers, "{\"fullName\": [\"A\"]}", 400),
                Case.of("a date that is not a date", AGENT, "POST", customers, "{\"fullName\": \"A\", \"birthDate\": \"17/05/1980\"}", 400),
                Case.of("missing full name", AGENT, "POST", customers, "{\"email\": \"a@example.com\"}", 400),
                Case.of("empty body", AGENT, "POST", customers, "", 400),
                Case.of("JSON that is not an object", AGENT, "POST", customers, "[]", 400),
                Case.of("201-character name", AGENT, "POST", customers, "{\"fullName\": \"" + "x".repeat(201) + "\"}", 400),
                Case.of("invalid email", AGENT, "POST", customers, "{\"fullName\": \"A\", \"email\": \"secret-not-an-email\"}", 400),
                Case.of("phone not E.164", AGENT, "POST", customers, "{\"fullName\": \"A\", \"phone\": \"011 4444-5555\"}", 400),
                Case.of("birth date in the future", AGENT, "POST", customers, "{\"fullName\": \"A\", \"birthDate\": \"2999-01-01\"}", 400),
                Case.of("unknown country", AGENT, "POST", customers, "{\"fullName\": \"A\", \"address\": {\"line1\": \"x\", \"country\": \"ZZ\"}}", 400),
                Case.of("unknown channel", AGENT, "POST", customers, "{\"fullName\": \"A\", \"preferences\": {\"channels\": [\"FAX\"]}}", 400),
                Case.of("NUL byte in a name", AGENT, "POST", customers, "{\"fullName\": \"A\\u0000B\"}", 400),
                new Case("invalid UTF-8", AGENT, "POST", customers,
                        new byte[] {'{', '"', 'f', 'u', 'l', 'l', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        JSON, Map.of(), 400),
                new Case("a form instead of JSON", AGENT, "POST", customers, "fullName=A".getBytes(StandardCharsets.UTF_8),
                        "application/x-www-form-urlencoded", Map.of(), 415),
                Case.of("oversized body", AGENT, "POST", customers, "{\"fullName\": \"" + "x".repeat(70_000) + "\"}", 413),
                Case.of("invalid UUID in the path", AGENT, "GET", customers + "/not-a-uuid", null, 400),
                Case.of("SQL in the path", AGENT, "GET", customers + "/1%27%20OR%20%271%27%3D%271", null, 400),
                Case.of("unknown customer", AGENT, "GET", unknown, null, 404),
                Case.of("timeline of an unknown customer", AGENT, "GET", unknown + "/timeline", null, 404),
                Case.of("patch of an unknown customer", AGENT, "PATCH", unknown, "{\"email\": null}", 404),
                Case.of("purchase for an unknown customer", AGENT, "POST", unknown + "/purchases",
                        PURCHASE.formatted("A-1", "1", "USD", "2026-01-01T00:00:00Z"), 404),
                Case.of("patch of an unknown field", AGENT, "PATCH", one, "{\"status\": \"VIP\"}", 400),
                Case.of("patch removing the full name", AGENT, "PATCH", one, "{\"fullName\": null}", 400),
                Case.of("patch that is not an object", AGENT, "PATCH", one, "[1, 2]", 400),
                Case.of("patch with a wrong type", AGENT, "PATCH", one, "{\"address\": \"Calle 1\"}", 400),
                Case.of("negative amount", AGENT, "POST", one + "/purchases", PURCHASE.formatted("A-1", "-1", "USD", "2026-01-01T00:00:00Z"), 400),
                Case.of("non-numeric amount", AGENT, "POST", one + "/purchases", PURCHASE.formatted("A-1", "lots", "USD", "2026-01-01T00:00:00Z"), 400),
                Case.of("unknown currency", AGENT, "POST", one + "/purchases", PURCHASE.formatted("A-1", "1", "XXY", "2026-01-01T00:00:00Z"), 400),
                Case.of("purchase in the future", AGENT, "POST", one + "/purchases", PURCHASE.formatted("A-1", "1", "USD", "2999-01-01T00:00:00Z"), 400),
                Case.of("interaction without summary", AGENT, "POST", one + "/interactions",
                        "{\"channel\": \"PHONE\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}", 400),
                Case.of("consent without granted", AGENT, "PUT", one + "/consents/marketing", "{\"noticeVersion\": \"v1\"}", 400),
                Case.of("consent for a malformed purpose", AGENT, "PUT", one + "/consents/MARKETING!", "{\"granted\": true, \"noticeVersion\": \"v1\"}", 400),
                Case.of("amount in exponent form", AGENT, "POST", one + "/purchases", PURCHASE.formatted("A-1", "1e30", "USD", "2026-01-01T00:00:00Z"), 400),
                Case.of("amount with 16 integer digits", AGENT, "POST", one + "/purchases",
                        PURCHASE.formatted("A-1", "1234567890123456", "USD", "2026-01-01T00:00:00Z"), 400),
                Case.of("amount with a sign", AGENT, "POST", one + "/purchases", PURCHASE.formatted("A-1", "+1", "USD", "2026-01-01T00:00:00Z"), 400),
                Case.of("amount as a JSON number", AGENT, "POST", one + "/purchases",
                        """
                        {"orderRef": "A-1", "amount": 12.5, "currency": "USD", "occurredAt": "2026-01-01T00:00:00Z"}""", 400),
                Case.of("time as a number", AGENT, "POST", one + "/purchases",
                        """
                        {"orderRef": "A-1", "amount": "1", "currency": "USD", "occurredAt": 1767225600}""", 400),
                Case.of("birth date as an array", AGENT, "POST", customers, "{\"fullName\": \"A\", \"birthDate\": [1980, 5, 17]}", 400),
                Case.of("birth date as a number", AGENT, "POST", customers, "{\"fullName\": \"A\", \"birthDate\": 3789}", 400),
                Case.of("purchase before 1970", AGENT, "POST", one + "/purchases", PURCHASE.formatted("A-1", "1", "USD", "1969-12-31T00:00:00Z"), 400),
                Case.of("interaction in the future", AGENT, "POST", one + "/interactions",
                        "{\"channel\": \"PHONE\", \"summary\": \"s\", \"occurredAt\": \"2999-01-01T00:00:00Z\"}", 400),
                Case.of("birth date before 1900", AGENT, "POST", customers, "{\"fullName\": \"A\", \"birthDate\": \"1899-12-31\"}", 400),
                Case.of("empty string as a date", AGENT, "POST", customers, "{\"fullName\": \"A\", \"birthDate\": \"\"}", 400),
                Case.of("name as a number", AGENT, "POST", customers, "{\"fullName\": 123}", 400),
                Case.of("name as a boolean", AGENT, "POST", customers, "{\"fullName\": true}", 400),
                Case.of("email as a number", AGENT, "POST", customers, "{\"fullName\": \"A\", \"email\": 5}", 400),
                Case.of("duplicate key", AGENT, "POST", customers, "{\"fullName\": \"A\", \"fullName\": \"B\"}", 400),
                Case.of("duplicate key in a patch", AGENT, "PATCH", one, "{\"email\": \"a@example.com\", \"email\": null}", 400),
                Case.of("consent granted as a string", AGENT, "PUT", one + "/consents/marketing", "{\"granted\": \"true\", \"noticeVersion\": \"v1\"}", 400),
                Case.of("consent granted as a number", AGENT, "PUT", one + "/consents/marketing", "{\"granted\": 1, \"noticeVersion\": \"v1\"}", 400),
                Case.of("nesting deeper than any request", AGENT, "PATCH", one, "{\"address\": ".repeat(9) + "1" + "}".repeat(9), 400),
                Case.of("control character in an address line", AGENT, "POST", customers,
                        "{\"fullName\": \"A\", \"address\": {\"line1\": \"Calle\\u00071\", \"country\": \"AR\"}}", 400),
                Case.of("NUL in a summary", AGENT, "POST", one + "/interactions",
                        "{\"channel\": \"PHONE\", \"summary\": \"a\\u0000b\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}", 400),
                Case.of("4,001-character summary", AGENT, "POST", one + "/interactions",
                        "{\"channel\": \"PHONE\", \"summary\": \"" + "s".repeat(4001) + "\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}", 400),
                Case.of("65-character order reference", AGENT, "POST", one + "/purchases",
                        PURCHASE.formatted("A".repeat(65), "1", "USD", "2026-01-01T00:00:00Z"), 400),
                Case.of("page size 0", AGENT, "GET", customers + "?size=0", null, 400),
                Case.of("page size 10,000", AGENT, "GET", customers + "?size=10000", null, 400),
                Case.of("negative page", AGENT, "GET", customers + "?page=-1", null, 400),
                Case.of("page that is not a number", AGENT, "GET", customers + "?page=first", null, 400),
                Case.of("extremely long query string", AGENT, "GET", customers + "?q=" + "a".repeat(20_000), null, 400),
                Case.of("invalid UTF-8 in the query", AGENT, "GET", customers + "?q=secret-not-an-email%C3%28", null, 400),
                new Case("a Purpose header that is not a label", AGENT, "GET", one, null, null, Map.of("Purpose", "<b>marketing</b>"), 400),
                Case.of("no credentials", null, "GET", one, null, 401),
                new Case("wrong password", null, "GET", one, null, null, Map.of("Authorization", "Basic YWdlbnQ6d3Jvbmc="), 401),
                Case.of("agent searching by a national id", AGENT, "GET", customers + "?q=20-12345678-9", null, 403),
                Case.of("agent searching by a birth date", AGENT, "GET", customers + "?q=1980-05-17", null, 403),
                new Case("agent searching by a national id for a purpose", AGENT, "GET", customers + "?q=27.33445566.1", null, null,
                        Map.of("Purpose", "fraud check"), 403),
                Case.of("agent restricting processing", AGENT, "PUT", one + "/restriction", "{\"restricted\": true}", 403),
                Case.of("agent placing a legal hold", AGENT, "PUT", one + "/legal-hold", "{\"held\": true}", 403),
                Case.of("a legal hold without held", COMPLIANCE, "PUT", one + "/legal-hold", "{\"reason\": \"court\"}", 400),
                Case.of("agent previewing retention", AGENT, "GET", "/api/v1/compliance/retention", null, 403),
                Case.of("agent rebuilding read models", AGENT, "POST", "/api/v1/admin/projections/rebuild", null, 403),
                Case.of("compliance rebuilding read models", COMPLIANCE, "POST", "/api/v1/admin/projections/rebuild", null, 403),
                Case.of("metrics for an agent", AGENT, "GET", "/actuator/prometheus", null, 403)));
        for (String fragment : List.of(SQL, SCRIPT)) {
            String kind = fragment.equals(SQL) ? "SQL" : "script";
            for (String field : List.of("fullName", "email", "phone", "nationalId")) {
                cases.add(Case.of(kind + " in " + field, AGENT, "POST", customers,
                        "{\"fullName\": \"A\", \"" + field + "\": \"" + fragment + "\"}", 400));
            }
            for (String field : List.of("line1", "line2", "city", "region", "postalCode", "country")) {
                cases.add(Case.of(kind + " in address." + field, AGENT, "POST", customers,
                        "{\"fullName\": \"A\", \"address\": {\"line1\": \"Calle 1\", \"country\": \"AR\", \"" + field + "\": \"" + fragment + "\"}}", 400));
            }
            cases.add(Case.of(kind + " in preferences.language", AGENT, "POST", customers,
                    "{\"fullName\": \"A\", \"preferences\": {\"language\": \"" + fragment + "\"}}", 400));
            cases.add(Case.of(kind + " in a rectified email", AGENT, "PATCH", one, "{\"email\": \"" + fragment + "\"}", 400));
            cases.add(Case.of(kind + " in orderRef", AGENT, "POST", one + "/purchases",
                    PURCHASE.formatted(fragment, "1", "USD", "2026-01-01T00:00:00Z"), 400));
            cases.add(Case.of(kind + " in currency", AGENT, "POST", one + "/purchases",
                    PURCHASE.formatted("A-1", "1", fragment, "2026-01-01T00:00:00Z"), 400));
            cases.add(Case.of(kind + " in noticeVersion", AGENT, "PUT", one + "/consents/marketing",
                    "{\"granted\": true, \"noticeVersion\": \"" + fragment + "\"}", 400));
            cases.add(Case.of(kind + " in the search", AGENT, "GET", customers + "?q="
                    + URLEncoder.encode(fragment, StandardCharsets.UTF_8), null, 200));
        }
        // What a form or a script on another site can send without a CORS preflight never reaches a handler.
        String multipart = "--x\r\nContent-Disposition: form-data; name=\"fullName\"\r\n\r\nA\r\n--x--\r\n";
        Map<String, byte[]> simpleBodies = Map.of("a form", "fullName=A".getBytes(StandardCharsets.UTF_8),
                "text/plain", "{\"fullName\": \"A\"}".getBytes(StandardCharsets.UTF_8),
                "multipart/form-data", multipart.getBytes(StandardCharsets.UTF_8));
        Map<String, String> simpleTypes = Map.of("a form", "application/x-www-form-urlencoded",
                "text/plain", "text/plain", "multipart/form-data", "multipart/form-data; boundary=x");
        for (String path : List.of("/api/v1/admin/keys/rotation", "/api/v1/admin/projections/rebuild",
                "/api/v1/admin/dead-letters/retry", customers, one + "/interactions",
                // percent-encoded, the path still reaches the API's handlers and must meet the same rule
                "/%61pi/v1/admin/keys/rotation", "/%61pi/v1/admin/dead-letters/retry")) {
            simpleTypes.forEach((kind, type) -> cases.add(new Case(kind + " posted to " + path, ADMIN, "POST", path,
                    simpleBodies.get(kind), type, Map.of(), 415)));
            cases.add(new Case("no content type posted to " + path, ADMIN, "POST", path, null, null, Map.of(), 415));
        }
        cases.add(new Case("text/plain put to a consent", ADMIN, "PUT", one + "/consents/marketing",
                "{\"granted\": true, \"noticeVersion\": \"v1\"}".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of(), 415));
        cases.add(new Case("a form without credentials", null, "POST", "/api/v1/admin/keys/rotation",
                "x=1".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded", Map.of(), 401));
        cases.add(Case.of("script in an interaction summary", AGENT, "POST", one + "/interactions",
                "{\"channel\": \"PHONE\", \"summary\": \"" + SCRIPT + "\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}", 400));
        cases.add(Case.of("script in a restriction reason", COMPLIANCE, "PUT", one + "/restriction",
                "{\"restricted\": true, \"reason\": \"" + SCRIPT + "\"}", 400));
        cases.add(Case.of("script in a legal hold reason", COMPLIANCE, "PUT", one + "/legal-hold",
                "{\"held\": true, \"reason\": \"" + SCRIPT + "\"}", 400));
        cases.add(new Case("text/plain put to a legal hold", ADMIN, "PUT", one + "/legal-hold",
                "{\"held\": true}".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of(), 415));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusesWithAProblemAndStoresNothing(Case request) {
        List<Long> before = storedCounts();
        log.clear();

        Response response = vault.send(request.user(), request.method(), request.path().replace("{customer}", customer),
                request.body(), request.contentType(), request.headers());

        log.assertQuiet(request.name(), SENT_VALUES);

        assertThat(response.status()).as(response.body()).isEqualTo(request.expectedStatus());
        if (request.expectedStatus() >= 400) {
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("status").asInt()).isEqualTo(request.expectedStatus());
            assertThat(response.json().get("title").asText()).isNotBlank();
        } else {
            assertThat(response.json().get("total").asLong()).as("a query is data, never SQL").isZero();
        }
        assertThat(response.body()).doesNotContain(SENT_VALUES);
        assertThat(storedCounts()).isEqualTo(before);
        assertThat(processorFailures()).as("the read models' processors never failed on an event").isZero();
        assertThat(vault.bean(DeadLetters.class).parked().values()).as("and parked none").containsOnly(0L);
    }

    private static double processorFailures() {
        return vault.bean(MeterRegistry.class).find("eventProcessor.failureCounter").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    @Test
    void theBadInputTableHasAtLeastFortyCases() {
        assertThat(badRequests().count()).isGreaterThanOrEqualTo(40);
    }

    /** Generated clients send what the document asks for: JSON, also to the operations that need no body. */
    @Test
    void theApiDocumentAsksForJsonWhereNoBodyIsNeeded() {
        JsonNode paths = vault.get(ADMIN, "/v3/api-docs").json().get("paths");

        for (String path : List.of("/api/v1/admin/keys/rotation", "/api/v1/admin/projections/rebuild",
                "/api/v1/admin/dead-letters/retry")) {
            JsonNode body = paths.get(path).get("post").get("requestBody");
            assertThat(body.path("required").asBoolean()).as(path).isFalse();
            assertThat(body.get("content").size()).as(path).isEqualTo(1);
            assertThat(body.get("content").has("application/json")).as(path).isTrue();
        }
    }

    /**
     * A client generated from the document can send {@code {"phone": null}}: the rectification declares one
     * content type (two with one schema broke openapi-python-client) and a patch schema in which every
     * removable member may be null, the nested objects partial.
     */
    @Test
    void theApiDocumentDeclaresTheRectificationAsOneMergePatch() {
        JsonNode document = vault.get(ADMIN, "/v3/api-docs").json();
        JsonNode content = document.at("/paths/~1api~1v1~1customers~1{id}/patch/requestBody/content");

        assertThat(content.size()).isEqualTo(1);
        assertThat(content.at("/application~1merge-patch+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/CustomerPatch");
        JsonNode schemas = document.at("/components/schemas");
        JsonNode patch = schemas.get("CustomerPatch");
        assertThat(patch.has("required")).as("every member optional").isFalse();
        assertThat(patch.get("additionalProperties").asBoolean(true)).isFalse();
        List<String> members = new ArrayList<>();
        patch.get("properties").properties().forEach(member -> members.add(member.getKey()));
        List<String> registered = new ArrayList<>();
        schemas.at("/RegisterCustomerRequest/properties").properties().forEach(member -> registered.add(member.getKey()));
        assertThat(members).as("the registration's fields").containsExactlyInAnyOrderElementsOf(registered);
        for (String member : members) {
            assertThat(nullable(patch.at("/properties/" + member))).as(member).isEqualTo(!member.equals("fullName"));
        }
        assertThat(patch.at("/properties/address/anyOf/0/$ref").asText()).isEqualTo("#/components/schemas/CustomerPatchAddress");
        assertThat(patch.at("/properties/preferences/anyOf/0/$ref").asText())
                .isEqualTo("#/components/schemas/CustomerPatchPreferences");
        // what can never be removed is not nullable: the full name, an address's first line and country
        for (String nested : List.of("CustomerPatchAddress", "CustomerPatchPreferences")) {
            JsonNode partial = schemas.get(nested);
            assertThat(partial.has("required")).as(nested).isFalse();
            partial.get("properties").properties().forEach(member -> assertThat(nullable(member.getValue()))
                    .as(nested + "." + member.getKey())
                    .isEqualTo(!List.of("line1", "country").contains(member.getKey())));
        }
        assertThat(schemas.at("/CustomerPatchAddress/properties").size()).isEqualTo(schemas.at("/PostalAddress/properties").size());
    }

    /** {@code "type": [..., "null"]}, or {@code "anyOf"} with {@code {"type": "null"}}. */
    private static boolean nullable(JsonNode schema) {
        for (JsonNode type : schema.path("type")) {
            if (type.asText().equals("null")) {
                return true;
            }
        }
        for (JsonNode alternative : schema.path("anyOf")) {
            if (alternative.path("type").asText().equals("null")) {
                return true;
            }
        }
        return false;
    }

    /** Clients written before the document named only merge patches sent them as plain JSON; they still work. */
    @Test
    void aRectificationSentAsPlainJsonIsStillAccepted() {
        String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Plain Json\", \"phone\": \"+5491112345678\"}")
                .json().get("id").asText();

        Response rectified = vault.send(AGENT, "PATCH", "/api/v1/customers/" + id, "{\"phone\": null}", JSON);

        assertThat(rectified.status()).as(rectified.body()).isEqualTo(200);
        assertThat(rectified.json().has("phone")).isFalse();
    }

    /** Free text keeps what was said, quotes and semicolons included: it is data, never a query. */
    @Test
    void sqlInFreeTextIsStoredAsTextAndHarmless() {
        Response recorded = vault.post(AGENT, "/api/v1/customers/" + customer + "/interactions",
                "{\"channel\": \"CHAT\", \"summary\": \"" + SQL + "\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}");

        assertThat(recorded.status()).isEqualTo(201);
        assertThat(vault.get(AGENT, "/api/v1/customers/" + customer).json().at("/recentInteractions/0/summary").asText())
                .isEqualTo(SQL);
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM customer_view", Long.class)).isPositive();
    }

    @Test
    void aRestrictedCustomerGetsNoNewPurchases() {
        String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Restricted\"}").json().get("id").asText();
        vault.put(COMPLIANCE, "/api/v1/customers/" + id + "/restriction", "{\"restricted\": true}");
        long eventsBefore = eventCount();
        log.clear();

        Response refused = vault.post(AGENT, "/api/v1/customers/" + id + "/purchases",
                PURCHASE.formatted("A-quiet-canary", "1", "USD", "2026-01-01T00:00:00Z"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(eventCount()).isEqualTo(eventsBefore);
        log.assertQuiet("a purchase for a restricted customer", "A-quiet-canary");
    }

    /** A refusal is the client's business: at most one line in the log, never what was sent, never a stack trace. */
    @Test
    void aRefusalLogsAtMostOneLineAndNoValue() {
        String customers = "/api/v1/customers";
        String name = "Quiet Canary";

        log.clear();
        Response invalid = vault.post(AGENT, customers,
                "{\"fullName\": \"" + name + "\", \"email\": \"quiet-canary-not-an-email\"}");
        assertThat(invalid.status()).isEqualTo(400);
        log.assertQuiet("an invalid registration", name, "quiet-canary-not-an-email");

        String erased = vault.post(AGENT, customers, "{\"fullName\": \"" + name + "\"}").json().get("id").asText();
        assertThat(vault.send(COMPLIANCE, "DELETE", customers + "/" + erased, null, null).status()).isEqualTo(200);
        log.clear();
        Response gone = vault.post(AGENT, customers + "/" + erased + "/interactions",
                "{\"channel\": \"PHONE\", \"summary\": \"quiet canary call\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}");
        assertThat(gone.status()).isEqualTo(410);
        log.assertQuiet("an interaction for an erased customer", name, "quiet canary call");

        log.clear();
        Response unknown = vault.post(AGENT, customers + "/" + UUID.randomUUID() + "/interactions",
                "{\"channel\": \"PHONE\", \"summary\": \"quiet canary call\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}");
        assertThat(unknown.status()).isEqualTo(404);
        log.assertQuiet("an interaction for an unknown customer", "quiet canary call");

        // five failed sign-ins for a name, then the sixth is refused before its password is checked
        String guessed = "quiet-canary-user";
        for (int attempt = 0; attempt < 6; attempt++) {
            log.clear();
            Response refused = vault.get(guessed, "quiet-canary-password", customers);
            assertThat(refused.status()).isEqualTo(attempt < 5 ? 401 : 429);
            log.assertQuiet("a failed sign-in", guessed, "quiet-canary-password");
        }
    }

    @Test
    void whenTheKeyStoreFailsAWriteIsRefusedWith503AndNothingIsStored() {
        long eventsBefore = eventCount();
        long keysBefore = vault.jdbc().queryForObject("SELECT count(*) FROM subject_key", Long.class);
        vault.jdbc().execute("ALTER TABLE subject_key RENAME TO subject_key_unreachable");
        Response refused;
        try {
            refused = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Ana Canary\"}");
        } finally {
            vault.jdbc().execute("ALTER TABLE subject_key_unreachable RENAME TO subject_key");
        }

        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(eventCount()).isEqualTo(eventsBefore);
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM subject_key", Long.class)).isEqualTo(keysBefore);
        assertThat(vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Ana\"}").status())
                .as("recovers without a restart").isEqualTo(201);
    }

    @Test
    void healthAnswersWithoutCredentialsWithTheStatusAlone() {
        Response anonymous = vault.get(null, "/actuator/health");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().get("status").asText()).isEqualTo("UP");
        assertThat(anonymous.json().size()).isEqualTo(1);

        Response admin = vault.get(ADMIN, "/actuator/health");
        assertThat(admin.json().has("components")).isTrue();
    }

    @Test
    void onlyHealthAndPrometheusAreExposed() {
        assertThat(vault.get(ADMIN, "/actuator/prometheus").status()).isEqualTo(200);
        assertThat(vault.get(ADMIN, "/actuator/env").status()).isEqualTo(404);
        assertThat(vault.get(ADMIN, "/actuator/beans").status()).isEqualTo(404);
    }

    private static List<Long> storedCounts() {
        return List.of(eventCount(),
                vault.jdbc().queryForObject("SELECT count(*) FROM customer_view", Long.class),
                vault.jdbc().queryForObject("SELECT count(*) FROM customer_timeline", Long.class),
                vault.jdbc().queryForObject("SELECT count(*) FROM subject_key", Long.class));
    }

    private static long eventCount() {
        return vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }
}
