package org.customervault.api.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personal values go in as unique canaries; afterwards every byte the vault wrote (database
 * files with the customers' snapshots, WAL, key store, generated credentials, the application log)
 * is searched for them, as text and as hex. Zero hits is the only pass, and the canaries must still read back through the API.
 */
class CanarySweepTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path root;

    private final Canaries canaries = new Canaries();

    @Test
    void noPersonalValueIsStoredOrLoggedInPlaintext() throws IOException {
        Path dataDir = root.resolve("data");
        Path log = root.resolve("vault.log");
        // a snapshot after every third event, so that each customer's state is in the snapshot table too
        try (RunningVault vault = RunningVault.start(dataDir, Map.of("logging.file.name", log, "vault.snapshots.every", 3))) {
            for (int i = 0; i < 3; i++) {
                registerAndWorkWithCanaryCustomer(vault);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> vault.jdbc().queryForObject(
                    "SELECT count(DISTINCT aggregateidentifier) FROM snapshotevententry", Long.class) == 3);
            String refusedEmail = canaries.next("refused") + "-not-an-email";
            Response refused = vault.post(AGENT, "/api/v1/customers",
                    "{\"fullName\": \"" + canaries.next("refusedname") + "\", \"email\": \"" + refusedEmail + "\"}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).doesNotContain(refusedEmail);

            vault.superuserJdbc().execute("CHECKPOINT");
        }

        List<Path> written = new ArrayList<>(Canaries.filesUnder(dataDir));
        written.add(log);
        assertThat(canaries.values()).hasSizeGreaterThan(30);
        Map<String, Path> hits = canaries.findIn(written);
        assertThat(Files.size(log)).isPositive();
        assertThat(hits).as("canaries found in plaintext or hex").isEmpty();
    }

    private void registerAndWorkWithCanaryCustomer(RunningVault vault) {
        String fullName = canaries.next("name") + " " + canaries.next("surname");
        String email = canaries.next("mail") + "@example.com";
        String phone = "+549" + Canaries.digits(10);
        canaries.remember(phone.substring(1));
        String nationalId = canaries.next("nid");
        LocalDate birthDate = LocalDate.of(1920 + RANDOM.nextInt(70), 1 + RANDOM.nextInt(12), 1 + RANDOM.nextInt(28));
        canaries.remember(birthDate.toString());
        String line1 = canaries.next("street") + " 123";
        String line2 = canaries.next("floor");
        String city = canaries.next("city");
        String region = canaries.next("region");
        String postalCode = canaries.next("pc");
        String languageSubtag = canaries.remember(Canaries.token(8));

        Response created = vault.post(AGENT, "/api/v1/customers", """
                {"fullName": "%s", "email": "%s", "phone": "%s", "nationalId": "%s", "birthDate": "%s",
                 "address": {"line1": "%s", "line2": "%s", "city": "%s", "region": "%s", "postalCode": "%s", "country": "UY"},
                 "preferences": {"language": "es-%s", "channels": ["SMS"]}}"""
                .formatted(fullName, email, phone, nationalId, birthDate, line1, line2, city, region, postalCode,
                        languageSubtag));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String path = "/api/v1/customers/" + created.json().get("id").asText();

        String newEmail = canaries.next("newmail") + "@example.com";
        assertThat(vault.patch(AGENT, path, "{\"email\": \"" + newEmail + "\", \"address\": {\"city\": \""
                + canaries.next("newcity") + "\"}}").status()).isEqualTo(200);
        String summary = "Llamó " + canaries.next("summary");
        assertThat(vault.post(AGENT, path + "/interactions", "{\"channel\": \"PHONE\", \"summary\": \"" + summary
                + "\", \"occurredAt\": \"2026-01-05T10:00:00Z\"}").status()).isEqualTo(201);
        assertThat(vault.put(AGENT, path + "/objections/profiling", "{\"objected\": true, \"reason\": \""
                + canaries.next("objection") + "\"}").status()).isEqualTo(200);
        assertThat(vault.put(COMPLIANCE, path + "/restriction", "{\"restricted\": true, \"reason\": \""
                + canaries.next("reason") + "\"}").status()).isEqualTo(200);
        assertThat(vault.put(COMPLIANCE, path + "/legal-hold", "{\"held\": true, \"reason\": \""
                + canaries.next("holdreason") + "\"}").status()).isEqualTo(200);

        String shown = vault.get(ADMIN, path).body();
        assertThat(shown).contains(fullName, newEmail, phone, nationalId, birthDate.toString(), line1, line2,
                region, postalCode, "es-" + languageSubtag, summary);
        String id = created.json().get("id").asText();
        for (String q : new String[] {newEmail, phone, nationalId, fullName}) {
            // compliance: an agent's search never matches a restricted customer
            assertThat(vault.get(COMPLIANCE,
                    "/api/v1/customers?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).body())
                    .as("found through the blind index").contains(id);
        }
        // restricted: the summary is for compliance only
        assertThat(vault.get(COMPLIANCE, path + "/timeline").body()).contains(summary);
    }
}
