package org.customervault.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.customervault.api.support.OidcIssuer;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer JWTs from an OpenID Connect issuer the vault finds over HTTP by its discovery document:
 * roles from the configured claim, and every JWT that is expired, from another issuer, for another
 * audience or not signed by the issuer's key refused with 401.
 */
class OidcJwtTest {

    private static final String AUDIENCE = "customer-vault";

    @TempDir
    static Path dataDir;
    private static OidcIssuer issuer;
    private static RunningVault vault;

    @BeforeAll
    static void start() {
        issuer = OidcIssuer.start();
        vault = RunningVault.start(dataDir, Map.of(
                "vault.security.oidc.issuer-uri", issuer.issuer(),
                "vault.security.oidc.audience", AUDIENCE,
                ApiTokenTest.MANY_FAILURES_ALLOWED, 1000));
    }

    @AfterAll
    static void stop() {
        vault.close();
        issuer.close();
    }

    @Test
    void aJwtCarriesTheVaultsRolesOfItsClaim() {
        String agent = issuer.token("crm-backend", List.of("AGENT", "offline_access"), AUDIENCE,
                Instant.now().plusSeconds(300));

        assertThat(ApiTokenTest.bearer(vault, "GET", "/api/v1/customers", agent).status()).isEqualTo(200);
        assertThat(ApiTokenTest.bearer(vault, "GET", "/api/v1/compliance/erasures", agent).status()).isEqualTo(403);
        assertThat(ApiTokenTest.bearer(vault, "GET", "/api/v1/admin/tokens", agent).status()).isEqualTo(403);

        RunningVault.Response registered = ApiTokenTest.bearer(vault, "POST", "/api/v1/customers", agent,
                "{\"fullName\": \"Olga Oidc\"}");
        assertThat(registered.status()).isEqualTo(201);
        JsonNode history = vault.get(ADMIN, "/api/v1/compliance/customers/" + registered.json().get("id").asText()
                + "/history").json();
        assertThat(history.get("events").get(0).get("actor").asText()).isEqualTo("oidc:crm-backend");

        String compliance = issuer.token("dpo-tool", List.of("COMPLIANCE"), AUDIENCE, Instant.now().plusSeconds(300));
        assertThat(ApiTokenTest.bearer(vault, "GET", "/api/v1/compliance/erasures", compliance).status()).isEqualTo(200);
    }

    @Test
    void aJwtWithoutTheVaultsRolesMayDoNothing() {
        String none = issuer.token("someone", List.of("offline_access"), AUDIENCE, Instant.now().plusSeconds(300));
        // another system's "admin" role, in the same claim, is not the vault's ADMIN
        String otherSystemsAdmin = issuer.token("someone", List.of("admin", "Agent"), AUDIENCE,
                Instant.now().plusSeconds(300));

        assertThat(ApiTokenTest.bearer(vault, "GET", "/api/v1/customers", none).status()).isEqualTo(403);
        assertThat(ApiTokenTest.bearer(vault, "GET", "/api/v1/customers", otherSystemsAdmin).status()).isEqualTo(403);
        assertThat(ApiTokenTest.bearer(vault, "GET", "/api/v1/admin/tokens", otherSystemsAdmin).status()).isEqualTo(403);
    }

    @Test
    void anExpiredForeignMisaddressedOrForgedJwtIsRefused() {
        List<String> agent = List.of("AGENT");
        Map<String, String> refused = Map.of(
                "expired", issuer.token("crm-backend", agent, AUDIENCE, Instant.now().minusSeconds(300)),
                "another issuer", issuer.tokenClaimingIssuer("http://127.0.0.1:1/realms/other", "crm-backend", agent, AUDIENCE),
                "another audience", issuer.token("crm-backend", agent, "another-service", Instant.now().plusSeconds(300)),
                "forged signature", issuer.forgedToken("crm-backend", agent, AUDIENCE),
                "without an expiry", issuer.token("crm-backend", agent, AUDIENCE, null),
                "without a subject", issuer.token(null, agent, AUDIENCE, Instant.now().plusSeconds(300)),
                "not a JWT", "eyJhbGciOiJub25lIn0.e30.");
        refused.forEach((why, jwt) -> {
            RunningVault.Response response = ApiTokenTest.bearer(vault, "GET", "/api/v1/customers", jwt);
            assertThat(response.status()).as(why).isEqualTo(401);
            assertThat(response.contentType()).as(why).startsWith("application/problem+json");
            assertThat(response.headers().allValues("WWW-Authenticate")).as(why)
                    .anyMatch(challenge -> challenge.contains("invalid_token"));
        });
    }
}
