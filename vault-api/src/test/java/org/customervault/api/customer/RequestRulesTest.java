package org.customervault.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input, missing credentials and wrong roles get a problem and store nothing. */
class RequestRulesTest {

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private static String customer;

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir);
        customer = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Ana Canary\"}").json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    static Stream<Arguments> badRequests() {
        String customers = "/api/v1/customers";
        String one = customers + "/%s";
        return Stream.of(
                Arguments.of("malformed JSON", AGENT, "POST", customers, "{\"fullName\": ", 400),
                Arguments.of("unknown field", AGENT, "POST", customers, "{\"fullName\": \"A\", \"vip\": true}", 400),
                Arguments.of("wrong type", AGENT, "POST", customers, "{\"fullName\": [\"A\"]}", 400),
                Arguments.of("missing full name", AGENT, "POST", customers, "{\"email\": \"a@example.com\"}", 400),
                Arguments.of("201-character name", AGENT, "POST", customers, "{\"fullName\": \"" + "x".repeat(201) + "\"}", 400),
                Arguments.of("invalid email", AGENT, "POST", customers, "{\"fullName\": \"A\", \"email\": \"secret-not-an-email\"}", 400),
                Arguments.of("phone not E.164", AGENT, "POST", customers, "{\"fullName\": \"A\", \"phone\": \"011 4444-5555\"}", 400),
                Arguments.of("birth date in the future", AGENT, "POST", customers, "{\"fullName\": \"A\", \"birthDate\": \"2999-01-01\"}", 400),
                Arguments.of("unknown country", AGENT, "POST", customers, "{\"fullName\": \"A\", \"address\": {\"line1\": \"x\", \"country\": \"ZZ\"}}", 400),
                Arguments.of("unknown channel", AGENT, "POST", customers, "{\"fullName\": \"A\", \"preferences\": {\"channels\": [\"FAX\"]}}", 400),
                Arguments.of("NUL byte in a name", AGENT, "POST", customers, "{\"fullName\": \"A\\u0000B\"}", 400),
                Arguments.of("oversized body", AGENT, "POST", customers, "{\"fullName\": \"" + "x".repeat(70_000) + "\"}", 413),
                Arguments.of("invalid UUID in the path", AGENT, "GET", customers + "/not-a-uuid", null, 400),
                Arguments.of("unknown customer", AGENT, "GET", customers + "/" + UUID.randomUUID(), null, 404),
                Arguments.of("patch of an unknown customer", AGENT, "PATCH", customers + "/" + UUID.randomUUID(), "{\"email\": null}", 404),
                Arguments.of("patch of an unknown field", AGENT, "PATCH", one, "{\"status\": \"VIP\"}", 400),
                Arguments.of("patch removing the full name", AGENT, "PATCH", one, "{\"fullName\": null}", 400),
                Arguments.of("patch that is not an object", AGENT, "PATCH", one, "[1, 2]", 400),
                Arguments.of("negative amount", AGENT, "POST", one + "/purchases", "{\"orderRef\": \"A-1\", \"amount\": \"-1\", \"currency\": \"USD\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}", 400),
                Arguments.of("non-numeric amount", AGENT, "POST", one + "/purchases", "{\"orderRef\": \"A-1\", \"amount\": \"lots\", \"currency\": \"USD\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}", 400),
                Arguments.of("unknown currency", AGENT, "POST", one + "/purchases", "{\"orderRef\": \"A-1\", \"amount\": \"1\", \"currency\": \"XXY\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}", 400),
                Arguments.of("interaction without summary", AGENT, "POST", one + "/interactions", "{\"channel\": \"PHONE\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}", 400),
                Arguments.of("consent without granted", AGENT, "PUT", one + "/consents/marketing", "{\"noticeVersion\": \"v1\"}", 400),
                Arguments.of("consent for a malformed purpose", AGENT, "PUT", one + "/consents/MARKETING!", "{\"granted\": true, \"noticeVersion\": \"v1\"}", 400),
                Arguments.of("no credentials", null, "GET", one, null, 401),
                Arguments.of("agent restricting processing", AGENT, "PUT", one + "/restriction", "{\"restricted\": true}", 403),
                Arguments.of("metrics for an agent", AGENT, "GET", "/actuator/prometheus", null, 403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusesWithAProblemAndStoresNothing(String name, String user, String method, String path, String body,
                                             int expectedStatus) {
        long eventsBefore = eventCount();

        Response response = vault.send(user, method, path.formatted(customer), body,
                body == null ? null : method.equals("PATCH") ? "application/merge-patch+json" : "application/json");

        assertThat(response.status()).as(response.body()).isEqualTo(expectedStatus);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(expectedStatus);
        assertThat(response.json().get("title").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("secret-not-an-email", "011 4444-5555", "Canary");
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void aRestrictedCustomerGetsNoNewPurchases() {
        String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Restricted\"}").json().get("id").asText();
        vault.put(COMPLIANCE, "/api/v1/customers/" + id + "/restriction", "{\"restricted\": true}");
        long eventsBefore = eventCount();

        Response refused = vault.post(AGENT, "/api/v1/customers/" + id + "/purchases",
                "{\"orderRef\": \"A-1\", \"amount\": \"1\", \"currency\": \"USD\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(eventCount()).isEqualTo(eventsBefore);
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

    private static long eventCount() {
        return vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }
}
