package org.customervault.api.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personal values go in as unique canaries; afterwards every byte the vault wrote (database
 * files, WAL, key store, generated credentials, the application log) is searched for them, as text
 * and as hex. Zero hits is the only pass, and the canaries must still read back through the API.
 */
class CanarySweepTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    @TempDir
    Path root;

    private final List<String> canaries = new ArrayList<>();

    @Test
    void noPersonalValueIsStoredOrLoggedInPlaintext() throws IOException {
        Path dataDir = root.resolve("data");
        Path log = root.resolve("vault.log");
        try (RunningVault vault = RunningVault.start(dataDir, Map.of("logging.file.name", log))) {
            for (int i = 0; i < 3; i++) {
                registerAndWorkWithCanaryCustomer(vault);
            }
            String refusedEmail = canary("refused") + "-not-an-email";
            Response refused = vault.post(AGENT, "/api/v1/customers",
                    "{\"fullName\": \"" + canary("refusedname") + "\", \"email\": \"" + refusedEmail + "\"}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).doesNotContain(refusedEmail);

            vault.jdbc().execute("CHECKPOINT");
        }

        Map<String, Path> hits = sweep(Stream.concat(filesUnder(dataDir), Stream.of(log)).toList());
        assertThat(Files.size(log)).isPositive();
        assertThat(hits).as("canaries found in plaintext or hex").isEmpty();
    }

    private void registerAndWorkWithCanaryCustomer(RunningVault vault) {
        String fullName = canary("name") + " " + canary("surname");
        String email = canary("mail") + "@example.com";
        String phone = "+549" + digits(10);
        canaries.add(phone.substring(1));
        String nationalId = canary("nid");
        LocalDate birthDate = LocalDate.of(1920 + RANDOM.nextInt(70), 1 + RANDOM.nextInt(12), 1 + RANDOM.nextInt(28));
        canaries.add(birthDate.toString());
        String line1 = canary("street") + " 123";
        String line2 = canary("floor");
        String city = canary("city");
        String region = canary("region");
        String postalCode = canary("pc");
        String languageSubtag = token(8);
        canaries.add(languageSubtag);

        Response created = vault.post(AGENT, "/api/v1/customers", """
                {"fullName": "%s", "email": "%s", "phone": "%s", "nationalId": "%s", "birthDate": "%s",
                 "address": {"line1": "%s", "line2": "%s", "city": "%s", "region": "%s", "postalCode": "%s", "country": "UY"},
                 "preferences": {"language": "es-%s", "channels": ["SMS"]}}"""
                .formatted(fullName, email, phone, nationalId, birthDate, line1, line2, city, region, postalCode,
                        languageSubtag));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String path = "/api/v1/customers/" + created.json().get("id").asText();

        String newEmail = canary("newmail") + "@example.com";
        assertThat(vault.patch(AGENT, path, "{\"email\": \"" + newEmail + "\", \"address\": {\"city\": \""
                + canary("newcity") + "\"}}").status()).isEqualTo(200);
        String summary = "Llamó " + canary("summary");
        assertThat(vault.post(AGENT, path + "/interactions", "{\"channel\": \"PHONE\", \"summary\": \"" + summary
                + "\", \"occurredAt\": \"2026-01-05T10:00:00Z\"}").status()).isEqualTo(201);
        assertThat(vault.put(COMPLIANCE, path + "/restriction", "{\"restricted\": true, \"reason\": \""
                + canary("reason") + "\"}").status()).isEqualTo(200);

        String shown = vault.get(ADMIN, path).body();
        assertThat(shown).contains(fullName, newEmail, phone, nationalId, birthDate.toString(), line1, line2,
                region, postalCode, "es-" + languageSubtag, summary);
        String id = created.json().get("id").asText();
        for (String q : new String[] {newEmail, phone, nationalId, fullName}) {
            assertThat(vault.get(AGENT, "/api/v1/customers?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).body())
                    .as("found through the blind index").contains(id);
        }
        assertThat(vault.get(AGENT, path + "/timeline").body()).contains(summary);
    }

    private Map<String, Path> sweep(List<Path> files) throws IOException {
        List<String> needles = new ArrayList<>();
        for (String canary : canaries) {
            byte[] utf8 = canary.getBytes(StandardCharsets.UTF_8);
            needles.add(canary);
            needles.add(HexFormat.of().formatHex(utf8));
            needles.add(HexFormat.of().withUpperCase().formatHex(utf8));
        }
        Map<String, Path> hits = new TreeMap<>();
        for (Path file : files) {
            // ISO-8859-1 maps every byte to one char, so a UTF-8 needle matches exactly its bytes.
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String needle : needles) {
                String asBytes = new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                if (content.contains(asBytes)) {
                    hits.put(needle, file);
                }
            }
        }
        assertThat(canaries).hasSizeGreaterThan(30);
        return hits;
    }

    private static Stream<Path> filesUnder(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String canary(String label) {
        String value = "cnry" + label + token(10);
        canaries.add(value);
        return value;
    }

    private static String token(int length) {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < length; i++) {
            token.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return token.toString();
    }

    private static String digits(int length) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < length; i++) {
            digits.append(RANDOM.nextInt(10));
        }
        return digits.toString();
    }
}
