package org.customervault.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.customervault.api.problem.ProblemTypes;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code vault.api.require-if-match} on, a change without If-Match is refused (428) and stores nothing. */
class RequiredIfMatchTest {

    private static final String CUSTOMERS = "/api/v1/customers/";

    @TempDir
    Path dataDir;

    @Test
    void aWriteWithoutIfMatchIs428WhenTheVaultRequiresIt() {
        try (RunningVault vault = RunningVault.start(dataDir, Map.of("vault.api.require-if-match", true))) {
            vault.registerNotice("2026-01");
            Response created = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Sin Versión\"}");
            assertThat(created.status()).as("a registration has no version to name").isEqualTo(201);
            String id = created.json().get("id").asText();

            Map<String, Response> refused = Map.of(
                    "PATCH", vault.patch(AGENT, CUSTOMERS + id, "{\"email\": \"x@example.com\"}"),
                    "PUT consent", vault.put(AGENT, CUSTOMERS + id + "/consents/newsletter",
                            "{\"granted\": true, \"noticeVersion\": \"2026-01\"}"),
                    "PUT restriction", vault.put(COMPLIANCE, CUSTOMERS + id + "/restriction",
                            "{\"restricted\": true, \"reason\": \"disputes\"}"),
                    "POST interaction", vault.post(AGENT, CUSTOMERS + id + "/interactions",
                            "{\"channel\": \"PHONE\", \"summary\": \"call\", \"occurredAt\": \"2026-01-05T10:00:00Z\"}"),
                    "POST purchase", vault.post(AGENT, CUSTOMERS + id + "/purchases",
                            "{\"orderRef\": \"A-1\", \"amount\": \"1.00\", \"currency\": \"USD\","
                                    + " \"occurredAt\": \"2026-01-06T10:00:00Z\"}"));
            refused.forEach((write, answer) -> {
                assertThat(answer.status()).as(write).isEqualTo(428);
                assertThat(answer.contentType()).as(write).startsWith("application/problem+json");
                assertThat(answer.json().get("type").asText()).as(write).isEqualTo(ProblemTypes.PRECONDITION_REQUIRED);
            });
            assertThat(vault.jdbc().queryForObject(
                    "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, id))
                    .as("only the registration").isEqualTo(1);

            Response read = vault.get(AGENT, CUSTOMERS + id);
            assertThat(read.status()).isEqualTo(200);
            Response changed = vault.send(AGENT, "PATCH", CUSTOMERS + id,
                    "{\"email\": \"x@example.com\"}".getBytes(StandardCharsets.UTF_8),
                    CustomerController.MERGE_PATCH_JSON, Map.of("If-Match", read.header("ETag")));
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.header("ETag")).isEqualTo("\"1\"");
        }
    }
}
