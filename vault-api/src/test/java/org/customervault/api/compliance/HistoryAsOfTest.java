package org.customervault.api.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code asOf}: the events up to it, inclusive, and the state they add up to; a date is the start of its day, UTC. */
class HistoryAsOfTest {

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private static String customer;
    private static Instant registeredAt;
    private static Instant consentedAt;

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir);
        vault.registerNotice("v1");
        customer = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Ana Canary\"}").json().get("id").asText();
        assertThat(vault.put(AGENT, "/api/v1/customers/" + customer + "/consents/marketing",
                "{\"granted\": true, \"noticeVersion\": \"v1\"}").status()).isEqualTo(200);
        JsonNode events = history(null).json().get("events");
        assertThat(events.size()).isEqualTo(2);
        registeredAt = Instant.parse(events.get(0).get("occurredAt").asText());
        consentedAt = Instant.parse(events.get(1).get("occurredAt").asText());
        assertThat(consentedAt).isAfter(registeredAt);
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static Response history(String asOf) {
        return vault.get(COMPLIANCE, "/api/v1/compliance/customers/" + customer + "/history"
                + (asOf == null ? "" : "?asOf=" + URLEncoder.encode(asOf, StandardCharsets.UTF_8)));
    }

    @Test
    void withoutAsOfEverythingUpToNow() {
        JsonNode history = history(null).json();

        assertThat(history.get("events").size()).isEqualTo(2);
        assertThat(history.at("/stateAsOf/fullName").asText()).isEqualTo("Ana Canary");
        assertThat(history.at("/stateAsOf/consents/0/purpose").asText()).isEqualTo("marketing");
        assertThat(history.at("/stateAsOf/consents/0/granted").asBoolean()).isTrue();
    }

    @Test
    void theEventsUpToAsOfInclusiveAndTheStateThen() {
        JsonNode atRegistration = history(registeredAt.toString()).json();

        assertThat(atRegistration.get("asOf").asText()).isEqualTo(registeredAt.toString());
        assertThat(atRegistration.get("events").size()).isEqualTo(1);
        assertThat(atRegistration.at("/events/0/type").asText()).isEqualTo("CustomerRegistered");
        assertThat(atRegistration.at("/stateAsOf/fullName").asText()).isEqualTo("Ana Canary");
        assertThat(atRegistration.at("/stateAsOf/consents").size()).as("no consent yet").isZero();

        JsonNode atConsent = history(consentedAt.toString()).json();
        assertThat(atConsent.get("events").size()).isEqualTo(2);
        assertThat(atConsent.at("/stateAsOf/consents/0/purpose").asText()).isEqualTo("marketing");
        assertThat(atConsent.at("/stateAsOf/consents/0/granted").asBoolean()).isTrue();
    }

    @Test
    void aRemovalIsANullInItsEventAndGoneFromTheState() {
        String removed = vault.post(AGENT, "/api/v1/customers", """
                {"fullName": "Ana Canary", "email": "ana@example.com", "address": {"line1": "Av. Example 1", "country": "AR"}}""")
                .json().get("id").asText();
        assertThat(vault.patch(AGENT, "/api/v1/customers/" + removed, "{\"email\": null, \"address\": null}").status())
                .isEqualTo(200);

        JsonNode history = vault.get(COMPLIANCE, "/api/v1/compliance/customers/" + removed + "/history").json();
        assertThat(history.findValues("data")).anySatisfy(data -> assertThat(data.has("email") && data.get("email").isNull())
                .as("the email's removal").isTrue());
        assertThat(history.findValues("data")).anySatisfy(data -> assertThat(data.has("address") && data.get("address").isNull())
                .as("the address's removal").isTrue());
        assertThat(history.get("stateAsOf").has("email")).isFalse();
        assertThat(history.get("stateAsOf").has("address")).isFalse();
        assertThat(history.at("/stateAsOf/fullName").asText()).isEqualTo("Ana Canary");
    }

    @Test
    void beforeTheFirstEventNoEventsAndNoState() {
        Response before = history(registeredAt.minusMillis(1).toString());

        assertThat(before.status()).isEqualTo(200);
        assertThat(before.json().get("events").size()).isZero();
        assertThat(before.json().has("stateAsOf")).isFalse();
        assertThat(before.json().get("subjectId").asText()).isEqualTo(customer);
    }

    @Test
    void aDateIsTheStartOfThatDayInUtc() {
        LocalDate day = LocalDate.ofInstant(registeredAt, ZoneOffset.UTC);

        JsonNode startOfDay = history(day.toString()).json();
        assertThat(startOfDay.get("asOf").asText()).isEqualTo(day.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        assertThat(startOfDay.get("events").size()).isZero();

        assertThat(history("2000-01-01").json().get("events").size()).isZero();
    }

    @Test
    void aMomentStillToComeIsRefused() {
        Response tomorrow = history(LocalDate.now(ZoneOffset.UTC).plusDays(1).toString());

        assertThat(tomorrow.status()).isEqualTo(400);
        assertThat(tomorrow.json().at("/errors/0/field").asText()).isEqualTo("asOf");
    }

    @Test
    void anInstantWithAnOffsetIsThatInstant() {
        String offset = registeredAt.atOffset(ZoneOffset.ofHours(-3)).toString();

        assertThat(history(offset).json().get("events").size()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"31/01/2026", "2026-01-31T10:15", "2026-13-01", "yesterday", "1769817600", "", "2026-01-31 10:15:30Z"})
    void anythingElseIsAProblemThatNamesTheParameterAndEchoesNoValue(String asOf) {
        Response refused = history(asOf);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("asOf");
        if (!asOf.isEmpty()) {
            assertThat(refused.body()).doesNotContain(asOf);
        }
    }

    @Test
    void theApiDocumentSaysWhatAsOfMeans() {
        JsonNode parameters = vault.get(COMPLIANCE, "/v3/api-docs").json()
                .at("/paths/~1api~1v1~1compliance~1customers~1{id}~1history/get/parameters");

        JsonNode asOf = null;
        for (JsonNode parameter : parameters) {
            if (parameter.get("name").asText().equals("asOf")) {
                asOf = parameter;
            }
        }
        assertThat(asOf).isNotNull();
        assertThat(asOf.get("description").asText()).contains("inclusive", "start of that day, UTC", "no events");
        assertThat(asOf.at("/schema/type").asText()).isEqualTo("string");
    }
}
