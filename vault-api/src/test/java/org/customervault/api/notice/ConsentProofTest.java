package org.customervault.api.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A notice version keeps its text; a consent names a registered version and carries its text's SHA-256. */
class ConsentProofTest {

    private static final String TEXT = "Usamos tu correo para enviarte ofertas. Puedes retirar tu autorización cuando quieras.";

    @TempDir
    static Path dataDir;
    private static RunningVault vault;

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir);
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void aNoticeIsStoredWithTheSha256OfItsText() throws Exception {
        Response registered = register(COMPLIANCE, "2026-03", TEXT, "es-CO");
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.location()).endsWith("/api/v1/compliance/notices/2026-03");
        assertThat(registered.json().get("sha256").asText()).isEqualTo(sha256(TEXT));

        JsonNode read = vault.get(COMPLIANCE, "/api/v1/compliance/notices/2026-03").json();
        assertThat(read.get("text").asText()).isEqualTo(TEXT);
        assertThat(read.get("language").asText()).isEqualTo("es-CO");
        assertThat(read.get("sha256").asText()).isEqualTo(sha256(TEXT));
    }

    @Test
    void aVersionOnceRegisteredKeepsItsText() {
        assertThat(register(ADMIN, "2026-04", TEXT, null).status()).isEqualTo(201);
        assertThat(register(COMPLIANCE, "2026-04", TEXT, null).status()).as("the same text again").isEqualTo(200);

        Response changed = register(COMPLIANCE, "2026-04", TEXT + " ", null);
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.contentType()).startsWith("application/problem+json");
        assertThat(register(COMPLIANCE, "2026-04", TEXT, "es").status()).as("another language").isEqualTo(409);
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/notices/2026-04").json().get("text").asText()).isEqualTo(TEXT);
    }

    @Test
    void ofTwoTextsRegisteredAtOnceUnderOneVersionExactlyOneIsKept() {
        List<CompletableFuture<Response>> racing = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> register(COMPLIANCE, "race-1", "Text " + i % 2, null)))
                .toList();
        List<Integer> statuses = racing.stream().map(CompletableFuture::join).map(Response::status).toList();
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        String kept = vault.get(COMPLIANCE, "/api/v1/compliance/notices/race-1").json().get("text").asText();
        for (int i = 0; i < statuses.size(); i++) {
            int expected = ("Text " + i % 2).equals(kept) ? 201 : 409;
            assertThat(statuses.get(i)).as("registration %d", i).isIn(expected, expected == 201 ? 200 : 409);
        }
    }

    @Test
    void onlyComplianceAndAdminRegisterOrReadNotices() {
        assertThat(register(AGENT, "2026-05", TEXT, null).status()).isEqualTo(403);
        assertThat(vault.get(AGENT, "/api/v1/compliance/notices/2026-05").status()).isEqualTo(403);
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/notices/2026-05").status()).as("nothing stored").isEqualTo(404);
    }

    @Test
    void aMalformedNoticeIsRefusedAndNothingStored() {
        assertThat(register(COMPLIANCE, "2026-06", " ", null).status()).isEqualTo(400);
        assertThat(register(COMPLIANCE, "2026-06", "bell \u0007", null).status()).isEqualTo(400);
        assertThat(register(COMPLIANCE, "2026-06", TEXT, "not a language").status()).isEqualTo(400);
        assertThat(vault.put(COMPLIANCE, "/api/v1/compliance/notices/2026-06", "{\"text\": \"x\", \"extra\": 1}").status())
                .isEqualTo(400);
        assertThat(register(COMPLIANCE, "-bad", TEXT, null).status()).isEqualTo(400);
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/notices/2026-06").status()).isEqualTo(404);
    }

    @Test
    void aConsentUnderAnUnregisteredNoticeIsRefusedAndNothingRecorded() {
        String customer = customer();
        Response refused = vault.put(AGENT, "/api/v1/customers/" + customer + "/consents/marketing",
                "{\"granted\": true, \"noticeVersion\": \"never-registered\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("noticeVersion");
        assertThat(vault.get(AGENT, "/api/v1/customers/" + customer).json().get("consents")).isEmpty();
    }

    @Test
    void theConsentShowsTheNoticesHashAndTheChannelInTheViewAndTheHistory() throws Exception {
        assertThat(register(COMPLIANCE, "2026-07", TEXT, "es").status()).isEqualTo(201);
        String customer = customer();
        Response granted = vault.put(AGENT, "/api/v1/customers/" + customer + "/consents/marketing",
                "{\"granted\": true, \"noticeVersion\": \"2026-07\", \"channel\": \"WEB\"}");
        assertThat(granted.status()).isEqualTo(200);
        JsonNode consent = granted.json().at("/consents/0");
        assertThat(consent.get("noticeVersion").asText()).isEqualTo("2026-07");
        assertThat(consent.get("noticeSha256").asText()).isEqualTo(sha256(TEXT));
        assertThat(consent.get("channel").asText()).isEqualTo("WEB");
        assertThat(consent.has("at")).isTrue();

        assertThat(vault.put(AGENT, "/api/v1/customers/" + customer + "/consents/marketing",
                "{\"granted\": false, \"noticeVersion\": \"2026-07\", \"channel\": \"PHONE\"}").status()).isEqualTo(200);
        JsonNode history = vault.get(COMPLIANCE, "/api/v1/compliance/customers/" + customer + "/history").json();
        JsonNode withdrawal = history.get("events").get(2);
        assertThat(withdrawal.get("type").asText()).isEqualTo("ConsentWithdrawn");
        assertThat(withdrawal.at("/data/noticeSha256").asText()).isEqualTo(sha256(TEXT));
        assertThat(withdrawal.at("/data/channel").asText()).isEqualTo("PHONE");
        assertThat(history.at("/events/1/data/channel").asText()).isEqualTo("WEB");
        assertThat(history.at("/stateAsOf/consents/0/granted").asBoolean()).isFalse();
        assertThat(history.at("/stateAsOf/consents/0/noticeSha256").asText()).isEqualTo(sha256(TEXT));
        assertThat(history.at("/stateAsOf/consents/0/channel").asText()).isEqualTo("PHONE");
    }

    private static String customer() {
        return vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Ana Example\"}").json().get("id").asText();
    }

    private static Response register(String user, String version, String text, String language) {
        String body = "{\"text\": " + quoted(text) + (language == null ? "" : ", \"language\": " + quoted(language)) + "}";
        return vault.put(user, "/api/v1/compliance/notices/" + version, body);
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.chars().forEach(c -> json.append(c < 0x20 || c == '"' || c == '\\' ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return json.append('"').toString();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
