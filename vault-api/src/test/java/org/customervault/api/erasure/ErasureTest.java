package org.customervault.api.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.crypto.SubjectErasedException;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.PurchaseRecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crypto-shredding end to end through the API, on the embedded default, across a restart. */
class ErasureTest {

    @TempDir
    Path root;

    private final Canaries canaries = new Canaries();

    @Test
    void anErasedCustomerIsGoneEverywhereButTheAccounts() throws Exception {
        Path dataDir = root.resolve("data");
        Path log = root.resolve("vault.log");
        String fullName = canaries.next("name") + " " + canaries.next("surname");
        String email = canaries.next("mail") + "@example.com";
        String phone = "+549" + canaries.remember(Canaries.digits(10));
        String nationalId = canaries.next("nid");
        String erased;
        String kept;
        JsonNode certificate;
        try (RunningVault vault = RunningVault.start(dataDir, Map.of("logging.file.name", log))) {
            erased = vault.post(AGENT, "/api/v1/customers", """
                    {"fullName": "%s", "email": "%s", "phone": "%s", "nationalId": "%s",
                     "address": {"line1": "%s", "country": "CL"}}"""
                    .formatted(fullName, email, phone, nationalId, canaries.next("street"))).json().get("id").asText();
            kept = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Kept Customer\"}").json().get("id").asText();
            String path = "/api/v1/customers/" + erased;
            assertThat(vault.post(AGENT, path + "/purchases", "{\"orderRef\": \"A-42\", \"amount\": \"42.00\","
                    + " \"currency\": \"USD\", \"occurredAt\": \"2026-01-05T10:00:00Z\"}").status()).isEqualTo(201);
            assertThat(vault.post(AGENT, path + "/interactions", "{\"channel\": \"EMAIL\", \"summary\": \""
                    + canaries.next("summary") + "\", \"occurredAt\": \"2026-01-06T10:00:00Z\"}").status()).isEqualTo(201);
            String storedEnvelope = vault.jdbc().queryForObject("""
                    SELECT convert_from(payload, 'UTF8')::jsonb ->> 'email' FROM domainevententry
                    WHERE aggregateidentifier = ? AND sequencenumber = 0""", String.class, erased);

            assertThat(vault.send(AGENT, "GET", path, null, null, Map.of("Purpose", "support call")).status()).isEqualTo(200);
            JsonNode before = vault.send(COMPLIANCE, "GET", "/api/v1/compliance/customers/" + erased + "/history", null, null,
                    Map.of("Purpose", "habeas-data request 17")).json();
            assertThat(before.at("/events/0/type").asText()).isEqualTo("CustomerRegistered");
            assertThat(before.at("/events/0/actor").asText()).isEqualTo(AGENT);
            assertThat(before.at("/events/0/data/fullName").asText()).isEqualTo(fullName);
            assertThat(before.at("/stateAsOf/email").asText()).isEqualTo(email);
            assertThat(vault.get(AGENT, "/api/v1/compliance/customers/" + erased + "/history").status()).isEqualTo(403);
            assertThat(vault.get(AGENT, path + "/export").status()).isEqualTo(403);
            assertThat(vault.get(COMPLIANCE, path + "/export").body()).contains(fullName, email, "A-42");

            assertThat(vault.send(AGENT, "DELETE", path, null, null).status()).isEqualTo(403);
            Response erasure = vault.send(COMPLIANCE, "DELETE", path, null, null);
            assertThat(erasure.status()).as(erasure.body()).isEqualTo(200);
            certificate = erasure.json();
            assertThat(certificate.get("subjectId").asText()).isEqualTo(erased);
            assertThat(certificate.get("requestedBy").asText()).isEqualTo(COMPLIANCE);
            assertThat(certificate.get("keyId").asText()).isNotBlank();
            assertThat(certificate.get("erasedAt").asText()).isNotBlank();
            assertThat(certificate.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(certificate.get("purged").toString()).contains("key-store", "customer-view", "customer-search");
            assertThat(vault.send(ADMIN, "DELETE", path, null, null).json()).as("the same certificate").isEqualTo(certificate);

            assertGoneButAccountsRemain(vault, erased, kept, email, phone, nationalId, fullName);
            assertThatThrownBy(() -> vault.bean(SubjectCipher.class).decrypt(erased, "CustomerRegisteredEvent.email", storedEnvelope))
                    .as("a stored ciphertext cannot be decrypted any more").isInstanceOf(SubjectErasedException.class);

            assertThat(vault.post(ADMIN, "/api/v1/admin/projections/rebuild", null).status()).isEqualTo(200);
            assertGoneButAccountsRemain(vault, erased, kept, email, phone, nationalId, fullName);
            vault.superuserJdbc().execute("CHECKPOINT");
        }

        try (RunningVault restarted = RunningVault.start(dataDir, Map.of("logging.file.name", log))) {
            assertGoneButAccountsRemain(restarted, erased, kept, email, phone, nationalId, fullName);
            assertThat(restarted.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + erased, null, null).json())
                    .isEqualTo(certificate);
            assertThat(restarted.get(COMPLIANCE, "/api/v1/compliance/erasures").body()).contains(erased);

            JsonNode history = restarted.get(COMPLIANCE, "/api/v1/compliance/customers/" + erased + "/history").json();
            assertThat(history.at("/events/0/data/fullName").asText()).isEqualTo("erased");
            assertThat(history.at("/events/0/data/email").asText()).isEqualTo("erased");
            assertThat(history.toString()).contains("\"orderRef\":\"A-42\"", "\"currency\":\"USD\"", "CustomerErased")
                    .doesNotContain(fullName, email, nationalId);
            assertThat(history.at("/stateAsOf/status").asText()).isEqualTo("ERASED");
            assertThat(history.at("/stateAsOf/purchaseCount").asLong()).isEqualTo(1);
            JsonNode export = restarted.get(ADMIN, "/api/v1/customers/" + erased + "/export").json();
            assertThat(export.at("/erasure/subjectId").asText()).isEqualTo(erased);
            assertThat(export.toString()).doesNotContain(fullName, email, nationalId);

            String accesses = restarted.get(COMPLIANCE, "/api/v1/compliance/access-log?subjectId=" + erased + "&size=1000").body();
            assertThat(accesses).contains("customer.history", "habeas-data request 17", "customer.export", "customer.view", "support call", "\"actor\":\"agent\"")
                    .doesNotContain(fullName, email);
        }

        List<Path> written = new ArrayList<>(Canaries.filesUnder(dataDir));
        written.add(log);
        assertThat(canaries.findIn(written)).as("canaries found in plaintext or hex").isEmpty();
    }

    private static void assertGoneButAccountsRemain(RunningVault vault, String erased, String kept, String... searches) {
        String path = "/api/v1/customers/" + erased;
        Response view = vault.get(COMPLIANCE, path);
        assertThat(view.status()).isEqualTo(410);
        assertThat(view.contentType()).startsWith("application/problem+json");
        assertThat(vault.get(AGENT, path + "/timeline").status()).isEqualTo(410);
        long events = vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class);
        assertThat(vault.patch(AGENT, path, "{\"email\": \"new@example.com\"}").status()).isEqualTo(410);
        assertThat(vault.post(AGENT, path + "/purchases", "{\"orderRef\": \"A-43\", \"amount\": \"1\", \"currency\": \"USD\","
                + " \"occurredAt\": \"2026-01-07T10:00:00Z\"}").status()).isEqualTo(410);
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class))
                .as("nothing stored for an erased customer").isEqualTo(events);
        for (String q : searches) {
            assertThat(vault.get(AGENT, "/api/v1/customers?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                    .json().get("total").asLong()).as("search for an erased value").isZero();
        }
        assertThat(vault.get(AGENT, "/api/v1/customers?size=100").body()).doesNotContain(erased).contains(kept);
        assertThat(vault.get(AGENT, "/api/v1/customers/" + kept).status()).isEqualTo(200);
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM customer_timeline WHERE customer_id = ?::uuid",
                Long.class, erased)).isZero();

        List<Object> payloads = vault.bean(EventStore.class).readEvents(erased).asStream()
                .map(message -> (Object) message.getPayload()).toList();
        assertThat(payloads).first().isInstanceOfSatisfying(CustomerRegisteredEvent.class, registered -> {
            assertThat(registered.personalDataErased()).isTrue();
            assertThat(registered.fullName()).isNull();
        });
        assertThat(payloads).filteredOn(PurchaseRecordedEvent.class::isInstance).singleElement()
                .isInstanceOfSatisfying(PurchaseRecordedEvent.class, purchase -> {
                    assertThat(purchase.amount()).isEqualByComparingTo(new BigDecimal("42.00"));
                    assertThat(purchase.occurredAt()).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));
                });
    }
}
