package org.customervault.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Register, rectify and read back through the REST API, then again after a restart. */
class CustomerLifecycleTest {

    private static final String REGISTRATION = """
            {"fullName": "María José Núñez", "email": "maria@example.com", "phone": "+5491112345678",
             "nationalId": "27-12345678-4", "birthDate": "1985-02-11",
             "address": {"line1": "Av. Corrientes 1234", "line2": "Piso 3", "city": "Buenos Aires",
                         "region": "CABA", "postalCode": "C1043", "country": "AR"},
             "preferences": {"language": "es-AR", "channels": ["EMAIL", "WHATSAPP"]}}""";

    @TempDir
    Path dataDir;

    @Test
    void registersRectifiesAndReadsBackAcrossARestart() {
        String id;
        JsonNode before;
        try (RunningVault vault = RunningVault.start(dataDir)) {
            vault.registerNotice("2026-01");
            Response created = vault.post(AGENT, "/api/v1/customers", REGISTRATION);
            assertThat(created.status()).isEqualTo(201);
            id = created.json().get("id").asText();
            assertThat(created.location()).isEqualTo("/api/v1/customers/" + id);

            JsonNode registered = vault.get(COMPLIANCE, "/api/v1/customers/" + id).json();
            assertThat(registered.get("fullName").asText()).isEqualTo("María José Núñez");
            assertThat(registered.get("email").asText()).isEqualTo("maria@example.com");
            assertThat(registered.get("phone").asText()).isEqualTo("+5491112345678");
            assertThat(registered.get("nationalId").asText()).isEqualTo("27-12345678-4");
            assertThat(registered.get("birthDate").asText()).isEqualTo("1985-02-11");
            assertThat(registered.at("/address/line2").asText()).isEqualTo("Piso 3");
            assertThat(registered.at("/preferences/language").asText()).isEqualTo("es-AR");
            assertThat(registered.get("status").asText()).isEqualTo("ACTIVE");

            Response rectified = vault.patch(AGENT, "/api/v1/customers/" + id,
                    """
                    {"email": "maria.nunez@example.com", "phone": null,
                     "address": {"city": "Rosario", "region": null}}""");
            assertThat(rectified.status()).isEqualTo(200);
            assertThat(rectified.json().get("email").asText()).isEqualTo("maria.nunez@example.com");
            assertThat(rectified.json().has("phone")).as("removed").isFalse();
            assertThat(rectified.json().at("/address/city").asText()).isEqualTo("Rosario");
            assertThat(rectified.json().at("/address/line1").asText()).isEqualTo("Av. Corrientes 1234");
            assertThat(rectified.json().at("/address/region").isMissingNode()).as("removed").isTrue();

            assertThat(vault.post(AGENT, "/api/v1/customers/" + id + "/interactions",
                    """
                    {"channel": "PHONE", "summary": "Pidió cambiar la dirección", "occurredAt": "2026-01-05T10:00:00Z"}""")
                    .status()).isEqualTo(201);
            assertThat(vault.post(AGENT, "/api/v1/customers/" + id + "/purchases",
                    """
                    {"orderRef": "A-1001", "amount": "42.00", "currency": "USD", "occurredAt": "2026-01-06T10:00:00Z"}""")
                    .status()).isEqualTo(201);
            assertThat(vault.post(AGENT, "/api/v1/customers/" + id + "/purchases",
                    """
                    {"orderRef": "A-1002", "amount": "8.5", "currency": "USD", "occurredAt": "2026-01-07T10:00:00Z"}""")
                    .status()).isEqualTo(201);
            Response consent = vault.put(AGENT, "/api/v1/customers/" + id + "/consents/marketing-email",
                    "{\"granted\": true, \"noticeVersion\": \"2026-01\"}");
            assertThat(consent.status()).isEqualTo(200);
            assertThat(consent.json().at("/consents/0/purpose").asText()).isEqualTo("marketing-email");
            assertThat(consent.json().at("/consents/0/granted").asBoolean()).isTrue();

            Response restricted = vault.put(COMPLIANCE, "/api/v1/customers/" + id + "/restriction",
                    "{\"restricted\": true, \"reason\": \"disputes the accuracy of the address\"}");
            assertThat(restricted.status()).isEqualTo(200);
            assertThat(restricted.json().get("status").asText()).isEqualTo("RESTRICTED");

            before = vault.get(ADMIN, "/api/v1/customers/" + id).json();
            assertThat(before.get("purchaseCount").asLong()).isEqualTo(2);
            assertThat(before.at("/purchaseTotals/0/amount").asText()).isEqualTo("50.50");
            assertThat(before.at("/purchaseTotals/0/currency").asText()).isEqualTo("USD");
            assertThat(before.at("/recentInteractions/0/summary").asText()).isEqualTo("Pidió cambiar la dirección");
            // purchases dated before the registration do not move the last activity back
            assertThat(before.get("lastActivityAt").asText()).isEqualTo(before.get("createdAt").asText());
        }

        try (RunningVault restarted = RunningVault.start(dataDir)) {
            assertThat(restarted.get(ADMIN, "/api/v1/customers/" + id).json()).isEqualTo(before);
        }
    }
}
