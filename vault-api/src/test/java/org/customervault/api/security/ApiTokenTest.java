package org.customervault.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.customervault.api.support.LogCapture;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer API tokens on two nodes of one database: issued by ADMIN on one node and accepted on both,
 * shown once and stored as a hash only, refused on both as soon as the revocation returns, refused
 * once expired, and limited to the roles they were given.
 */
class ApiTokenTest {

    private static final String TOKENS = "/api/v1/admin/tokens";
    private static final String JSON = "application/json";

    /** Every request comes from one address; the refusals this class provokes must not lock it out. */
    static final String MANY_FAILURES_ALLOWED = "vault.security.rate-limits.failed-logins-per-address.limit";

    @TempDir
    static Path root;
    private static RunningVault nodeA;
    private static RunningVault nodeB;
    private static LogCapture log;

    @BeforeAll
    static void start() {
        Path masterKey = root.resolve("shared-keys").resolve("master.key");
        nodeA = RunningVault.start(root.resolve("a"), Map.of("vault.keys.master-key-file", masterKey,
                MANY_FAILURES_ALLOWED, 1000));
        nodeB = RunningVault.start(root.resolve("b"), nodeA.anotherNode(masterKey, Map.of(MANY_FAILURES_ALLOWED, 1000)));
        // the first request initialises the servlet, which logs; the tests look at what requests log
        nodeA.get(ADMIN, TOKENS);
        nodeB.get(ADMIN, TOKENS);
        log = LogCapture.attach();
    }

    @AfterAll
    static void stop() {
        log.close();
        nodeB.close();
        nodeA.close();
    }

    @Test
    void anIssuedTokenWorksOnEveryNodeAndIsShownOnceOnly() {
        log.clear();
        RunningVault.Response issued = nodeA.post(ADMIN, TOKENS, """
                {"name": "crm-front", "roles": ["AGENT"]}""");
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.json().get("token").asText();
        String id = issued.json().get("id").asText();
        assertThat(token).startsWith("cvt_").hasSizeGreaterThanOrEqualTo(4 + 43);
        assertThat(issued.location()).isEqualTo(TOKENS + "/" + id);
        assertThat(issued.header("Cache-Control")).contains("no-store");
        assertThat(issued.json().get("name").asText()).isEqualTo("crm-front");
        assertThat(issued.json().get("roles")).extracting(JsonNode::asText).containsExactly("AGENT");

        assertThat(bearer(nodeA, "GET", "/api/v1/customers", token).status()).isEqualTo(200);
        assertThat(bearer(nodeB, "GET", "/api/v1/customers", token).status()).isEqualTo(200);

        RunningVault.Response listed = nodeB.get(ADMIN, TOKENS);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains(id).contains("crm-front").doesNotContain(token)
                .doesNotContain(token.substring(4));
        JsonNode summary = nodeB.get(ADMIN, TOKENS + "/" + id).json();
        assertThat(summary.get("createdBy").asText()).isEqualTo(ADMIN);
        assertThat(summary.has("token")).isFalse();

        assertThat(databaseText(nodeA)).as("every table of the database, as text").doesNotContain(token)
                .doesNotContain(token.substring(4));
        assertThat(nodeA.jdbc().queryForObject("SELECT octet_length(secret_hash) FROM api_token WHERE id = ?::uuid",
                Integer.class, id)).isEqualTo(32);
        assertThat(log.requestLines()).noneMatch(line -> line.contains(token.substring(4)));
    }

    @Test
    void aTokensRequestsAreRecordedAsTheTokenNeverItsSecret() {
        String token = issue("crm-recorder", "[\"AGENT\"]", null);
        RunningVault.Response registered = bearer(nodeA, "POST", "/api/v1/customers", token,
                "{\"fullName\": \"Tomasa Token\"}");
        assertThat(registered.status()).isEqualTo(201);
        String customer = registered.json().get("id").asText();
        assertThat(bearer(nodeB, "GET", "/api/v1/customers/" + customer, token).status()).isEqualTo(200);

        JsonNode history = nodeA.get(ADMIN, "/api/v1/compliance/customers/" + customer + "/history").json();
        assertThat(history.get("events").get(0).get("actor").asText()).isEqualTo("token:crm-recorder");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(nodeA.jdbc().queryForList(
                "SELECT actor FROM access_log WHERE subject_id = ?::uuid", String.class, customer))
                .contains("token:crm-recorder"));
    }

    @Test
    void aRevokedTokenIsRefusedOnTheOtherNodeAsSoonAsTheRevocationReturns() {
        RunningVault.Response issued = nodeA.post(ADMIN, TOKENS, """
                {"name": "crm-revoked", "roles": ["AGENT", "COMPLIANCE"]}""");
        String token = issued.json().get("token").asText();
        assertThat(bearer(nodeB, "GET", "/api/v1/customers", token).status()).isEqualTo(200);

        assertThat(nodeA.send(ADMIN, "DELETE", TOKENS + "/" + issued.json().get("id").asText(), null, null).status())
                .isEqualTo(204);

        RunningVault.Response refused = bearer(nodeB, "GET", "/api/v1/customers", token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.headers().allValues("WWW-Authenticate"))
                .anyMatch(challenge -> challenge.startsWith("Basic realm="))
                .anyMatch(challenge -> challenge.startsWith("Bearer ") && challenge.contains("error=\"invalid_token\""));
        assertThat(bearer(nodeA, "GET", "/api/v1/customers", token).status()).isEqualTo(401);
        JsonNode revoked = nodeB.get(ADMIN, TOKENS + "/" + issued.json().get("id").asText()).json();
        assertThat(revoked.get("revokedAt").isNull()).isFalse();
        assertThat(revoked.get("revokedBy").asText()).isEqualTo(ADMIN);
        assertThat(nodeA.post(ADMIN, TOKENS, "{\"name\": \"crm-revoked\", \"roles\": [\"AGENT\"]}").status())
                .as("a revoked token's name stays its own, so that what it did stays traceable").isEqualTo(409);
        assertThat(nodeA.send(ADMIN, "DELETE", TOKENS + "/00000000-0000-0000-0000-000000000000", null, null).status())
                .isEqualTo(404);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = issue("crm-brief", "[\"AGENT\"]", Instant.now().plusSeconds(3));
        assertThat(bearer(nodeA, "GET", "/api/v1/customers", token).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(bearer(nodeB, "GET", "/api/v1/customers", token).status()).isEqualTo(401));
        assertThat(bearer(nodeA, "GET", "/api/v1/customers", token).status()).isEqualTo(401);
    }

    @Test
    void aTokenCarriesOnlyTheRolesItWasGiven() {
        String agent = issue("crm-agent-only", "[\"AGENT\"]", null);

        RunningVault.Response forbidden = bearer(nodeA, "GET", TOKENS, agent);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(bearer(nodeA, "POST", TOKENS, agent, "{\"name\": \"escalated\", \"roles\": [\"ADMIN\"]}").status())
                .isEqualTo(403);
        assertThat(bearer(nodeA, "GET", "/api/v1/compliance/erasures", agent).status()).isEqualTo(403);
        assertThat(nodeA.post(AGENT, TOKENS, "{\"name\": \"escalated\", \"roles\": [\"ADMIN\"]}").status())
                .as("a user without ADMIN cannot issue tokens").isEqualTo(403);

        String admin = issue("ops-automation", "[\"ADMIN\"]", null);
        RunningVault.Response issuedByToken = bearer(nodeB, "POST", TOKENS, admin,
                "{\"name\": \"issued-by-token\", \"roles\": [\"COMPLIANCE\"]}");
        assertThat(issuedByToken.status()).isEqualTo(201);
        assertThat(nodeA.get(ADMIN, TOKENS + "/" + issuedByToken.json().get("id").asText()).json().get("createdBy").asText())
                .isEqualTo("token:ops-automation");
    }

    @Test
    void anInvalidRequestIsRefusedAndNothingIsIssued() {
        int before = count();
        for (String body : List.of(
                "{\"name\": \"bad-role\", \"roles\": [\"ROOT\"]}",
                "{\"name\": \"no-roles\", \"roles\": []}",
                "{\"name\": \"no-roles-at-all\"}",
                "{\"name\": \"has space\", \"roles\": [\"AGENT\"]}",
                "{\"name\": \"in-the-past\", \"roles\": [\"AGENT\"], \"expiresAt\": \"2020-01-01T00:00:00Z\"}",
                "{\"name\": \"unknown-field\", \"roles\": [\"AGENT\"], \"secret\": \"mine\"}")) {
            RunningVault.Response refused = nodeA.post(ADMIN, TOKENS, body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.contentType()).as(body).startsWith("application/problem+json");
        }
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void anUnknownOrMalformedBearerTokenIsRefused() {
        for (String token : List.of("cvt_" + "A".repeat(43), "not-a-token-and-no-issuer", "cvt_")) {
            RunningVault.Response refused = bearer(nodeA, "GET", "/api/v1/customers", token);
            assertThat(refused.status()).as(token).isEqualTo(401);
            assertThat(refused.contentType()).as(token).startsWith("application/problem+json");
        }
        RunningVault.Response anonymous = nodeA.send(null, "GET", "/api/v1/customers", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().allValues("WWW-Authenticate"))
                .containsExactly("Basic realm=\"customer-vault\"", "Bearer realm=\"customer-vault\"");
    }

    @Test
    void theOpenApiDocumentOffersBothSchemes() {
        JsonNode document = bearer(nodeA, "GET", "/v3/api-docs", issue("client-generator", "[\"AGENT\"]", null)).json();

        assertThat(document.at("/components/securitySchemes/basic/scheme").asText()).isEqualTo("basic");
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(document.get("security")).extracting(requirement -> requirement.fieldNames().next())
                .containsExactly("basic", "bearer");
        assertThat(document.at("/paths/~1api~1v1~1admin~1tokens/post").isMissingNode()).isFalse();
        assertThat(document.at("/paths/~1api~1v1~1admin~1users~1{name}/patch").isMissingNode()).isFalse();
    }

    private static String issue(String name, String roles, Instant expiresAt) {
        RunningVault.Response issued = nodeA.post(ADMIN, TOKENS, "{\"name\": \"%s\", \"roles\": %s%s}".formatted(name, roles,
                expiresAt == null ? "" : ", \"expiresAt\": \"" + expiresAt + "\""));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json().get("token").asText();
    }

    private static int count() {
        return nodeA.jdbc().queryForObject("SELECT count(*) FROM api_token", Integer.class);
    }

    static RunningVault.Response bearer(RunningVault node, String method, String path, String token) {
        return node.send(null, method, path, null, null, Map.of("Authorization", "Bearer " + token));
    }

    static RunningVault.Response bearer(RunningVault node, String method, String path, String token, String json) {
        return node.send(null, method, path, json.getBytes(StandardCharsets.UTF_8), JSON,
                Map.of("Authorization", "Bearer " + token));
    }

    /** Every row of every table of the vault's schema, as text. */
    static String databaseText(RunningVault node) {
        StringBuilder text = new StringBuilder();
        for (String table : node.jdbc().queryForList(
                "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = current_schema()"
                        + " AND table_type = 'BASE TABLE'", String.class)) {
            node.jdbc().queryForList("SELECT t::text FROM " + table + " t", String.class).forEach(text::append);
        }
        return text.toString();
    }
}
