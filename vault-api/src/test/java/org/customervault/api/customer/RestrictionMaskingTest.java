package org.customervault.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While a customer's processing is restricted, an AGENT sees the status and no personal value; compliance sees all. */
class RestrictionMaskingTest {

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private final Canaries canaries = new Canaries();

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir);
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void anAgentSeesTheStatusAndNoPersonalValueUntilTheRestrictionIsLifted() {
        String name = canaries.next("name");
        String email = canaries.next("mail") + "@example.com";
        String summary = canaries.next("summary");
        String id = vault.post(AGENT, "/api/v1/customers", """
                {"fullName": "%s", "email": "%s", "phone": "+5491100000000", "nationalId": "20-12345678-9",
                 "birthDate": "1980-05-17", "address": {"line1": "Av. Example 123", "country": "AR"}}"""
                .formatted(name, email)).json().get("id").asText();
        String path = "/api/v1/customers/" + id;
        assertThat(vault.post(AGENT, path + "/interactions", """
                {"channel": "PHONE", "summary": "%s", "occurredAt": "2026-01-05T10:00:00Z"}""".formatted(summary))
                .status()).isEqualTo(201);
        assertThat(vault.put(COMPLIANCE, path + "/restriction", "{\"restricted\": true}").status()).isEqualTo(200);

        String restrictedView = vault.get(AGENT, path).body();
        JsonNode view = vault.get(AGENT, path).json();
        assertThat(view.get("status").asText()).isEqualTo("RESTRICTED");
        assertThat(view.get("fullName").asText()).isEqualTo("(restricted)");
        for (String member : new String[] {"email", "phone", "nationalId", "birthDate", "address", "preferences"}) {
            assertThat(view.has(member)).as(member).isFalse();
        }
        assertThat(view.get("recentInteractions")).isEmpty();
        assertThat(restrictedView).doesNotContain(name).doesNotContain(email).doesNotContain(summary)
                .doesNotContain("5491100000000").doesNotContain("Example 123");
        String list = vault.get(AGENT, "/api/v1/customers?status=RESTRICTED&size=100").body();
        assertThat(list).contains(id).contains("(restricted)").doesNotContain(name).doesNotContain(email);
        assertThat(vault.get(AGENT, path + "/timeline").body()).doesNotContain(summary).doesNotContain(name);
        for (String guess : new String[] {email, name}) {
            String searched = "/api/v1/customers?q=" + URLEncoder.encode(guess, StandardCharsets.UTF_8);
            assertThat(vault.get(AGENT, searched).json().get("items")).as("an agent's right guess confirms nothing")
                    .isEmpty();
            assertThat(vault.get(COMPLIANCE, searched).body()).contains(id);
        }
        assertThat(vault.get(AGENT, "/api/v1/customers?status=RESTRICTED&sort=name&size=100").body())
                .as("nor does a place in the name order").doesNotContain(id);

        for (String user : new String[] {COMPLIANCE, ADMIN}) {
            JsonNode full = vault.get(user, path).json();
            assertThat(full.get("fullName").asText()).as(user).isEqualTo(name);
            assertThat(full.get("nationalId").asText()).as(user).isEqualTo("20-12345678-9");
            assertThat(full.at("/recentInteractions/0/summary").asText()).as(user).isEqualTo(summary);
        }
        assertThat(vault.get(COMPLIANCE, "/api/v1/customers?status=RESTRICTED&size=100").body()).contains(name);

        assertThat(vault.put(COMPLIANCE, path + "/restriction", "{\"restricted\": false}").status()).isEqualTo(200);
        JsonNode lifted = vault.get(AGENT, path).json();
        assertThat(lifted.get("fullName").asText()).isEqualTo(name);
        assertThat(lifted.get("birthDate").asText()).as("masked as for any customer").isEqualTo("1980");
    }
}
