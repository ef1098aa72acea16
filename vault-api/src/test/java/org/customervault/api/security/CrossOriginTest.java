package org.customervault.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.PASSWORD;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CRM page on another origin calls the vault as a browser would: a preflight without credentials,
 * then the request with {@code Authorization}. Only configured origins get CORS headers; none are
 * configured by default.
 */
class CrossOriginTest {

    private static final String CRM = "https://crm.example.com";
    private static final String OTHER_CRM = "http://localhost:5173";
    private static final String STRANGER = "https://evil.example.net";
    private static final String REQUESTED_HEADERS = "authorization,content-type,purpose,idempotency-key,if-match";

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private static String customer;

    @BeforeAll
    static void start() {
        // as an operator writes it: spaces after the commas, a trailing slash
        vault = RunningVault.start(dataDir, Map.of("vault.api.cors.allowed-origins", CRM + "/, " + OTHER_CRM));
        customer = "/api/v1/customers/" + vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Olga Origin\"}")
                .json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithoutCredentials() {
        for (String origin : List.of(CRM, OTHER_CRM)) {
            Response preflight = preflight(vault, origin, "PATCH", customer);

            assertThat(preflight.status()).as(origin).isEqualTo(200);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(origin);
            assertThat(values(preflight.header("Access-Control-Allow-Methods")))
                    .as("methods compare case-sensitively").contains("GET", "POST", "PUT", "PATCH", "DELETE");
            assertThat(list(preflight.header("Access-Control-Allow-Headers")))
                    .contains("authorization", "content-type", "purpose", "idempotency-key", "if-match");
            assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("600");
            assertThat(preflight.header("Access-Control-Allow-Credentials")).as("credentials are sent explicitly").isNull();
        }
    }

    @Test
    void aCrossOriginReadWithBasicCredentialsCarriesTheAllowedOrigin() {
        Response read = vault.send(null, "GET", customer, null, null,
                Map.of("Origin", CRM, "Authorization", RunningVault.basic(AGENT, PASSWORD), "Purpose", "support call"));

        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("fullName").asText()).isEqualTo("Olga Origin");
        assertThat(read.header("Access-Control-Allow-Origin")).isEqualTo(CRM);
        assertThat(list(read.header("Access-Control-Expose-Headers"))).contains("location", "etag", "retry-after", "idempotent-replayed");
        assertThat(read.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("Origin"));
    }

    @Test
    void aCrossOriginWriteCanReadItsLocation() {
        Response created = vault.send(null, "POST", "/api/v1/customers",
                "{\"fullName\": \"Lola Location\"}".getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of("Origin", OTHER_CRM, "Authorization", RunningVault.basic(AGENT, PASSWORD)));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Access-Control-Allow-Origin")).isEqualTo(OTHER_CRM);
        assertThat(list(created.header("Access-Control-Expose-Headers"))).contains("location");
    }

    @Test
    void aCrossOriginRequestWithoutCredentialsGetsAProblemItsPageCanRead() {
        Response refused = vault.send(null, "GET", customer, null, null, Map.of("Origin", CRM));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Access-Control-Allow-Origin")).isEqualTo(CRM);
    }

    @Test
    void aPreflightFromAnotherOriginIsRefused() {
        Response preflight = preflight(vault, STRANGER, "PATCH", customer);

        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.contentType()).startsWith("application/problem+json");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.header("Access-Control-Allow-Methods")).isNull();
    }

    @Test
    void aRequestFromAnotherOriginIsRefusedEvenWithCredentials() {
        Response read = vault.send(null, "GET", customer, null, null,
                Map.of("Origin", STRANGER, "Authorization", RunningVault.basic(AGENT, PASSWORD)));

        assertThat(read.status()).isEqualTo(403);
        assertThat(read.contentType()).startsWith("application/problem+json");
        assertThat(read.header("Access-Control-Allow-Origin")).isNull();
        assertThat(read.headers().allValues("Vary")).as("a cache must not serve the refusal to an allowed origin")
                .anySatisfy(vary -> assertThat(vary).contains("Origin"));
        assertThat(read.body()).doesNotContain("Olga");
    }

    @Test
    void aRequestFromTheVaultsOwnOriginOrWithoutOriginIsNotCrossOrigin() {
        // browsers send Origin on a same-origin POST too; the vault's own pages must not be refused
        Response sameOrigin = vault.send(null, "GET", customer, null, null,
                Map.of("Origin", vault.baseUrl(), "Authorization", RunningVault.basic(AGENT, PASSWORD)));
        assertThat(sameOrigin.status()).isEqualTo(200);
        Response noOrigin = vault.send(null, "GET", customer, null, null,
                Map.of("Authorization", RunningVault.basic(AGENT, PASSWORD)));
        assertThat(noOrigin.status()).isEqualTo(200);
        assertThat(accessControlHeaders(noOrigin)).isEmpty();
    }

    @Test
    void aCrossOriginPageCanPageThroughTheAccessLog() {
        Response page = vault.send(null, "GET", "/api/v1/compliance/access-log?size=1", null, null,
                Map.of("Origin", CRM, "Authorization", RunningVault.basic(RunningVault.COMPLIANCE, PASSWORD)));

        assertThat(page.status()).isEqualTo(200);
        assertThat(list(page.header("Access-Control-Expose-Headers")))
                .contains("link", "x-total-count", "x-total-capped", "x-next-cursor");
    }

    @Test
    void aPreflightForAHeaderTheApiDoesNotTakeIsRefused() {
        Response preflight = vault.send(null, "OPTIONS", customer, null, null, Map.of("Origin", CRM,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-forwarded-user"));

        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void withNoOriginConfiguredNoCorsHeaderIsSent(@TempDir Path otherDataDir) {
        try (RunningVault plain = RunningVault.start(otherDataDir)) {
            Response preflight = preflight(plain, CRM, "GET", "/api/v1/customers");
            assertThat(preflight.status()).as("a preflight is a request without credentials").isEqualTo(401);
            assertThat(accessControlHeaders(preflight)).isEmpty();

            Response read = plain.send(null, "GET", "/api/v1/customers", null, null,
                    Map.of("Origin", CRM, "Authorization", RunningVault.basic(AGENT, PASSWORD)));
            assertThat(read.status()).isEqualTo(200);
            assertThat(accessControlHeaders(read)).isEmpty();
        }
    }

    private static Response preflight(RunningVault target, String origin, String method, String path) {
        return target.send(null, "OPTIONS", path, null, null, Map.of("Origin", origin,
                "Access-Control-Request-Method", method, "Access-Control-Request-Headers", REQUESTED_HEADERS));
    }

    private static List<String> accessControlHeaders(Response response) {
        return response.headers().map().keySet().stream()
                .filter(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"))
                .toList();
    }

    private static List<String> values(String header) {
        assertThat(header).isNotNull();
        return Arrays.stream(header.split(",")).map(String::strip).toList();
    }

    /** Header names, which compare case-insensitively. */
    private static List<String> list(String header) {
        return values(header).stream().map(value -> value.toLowerCase(Locale.ROOT)).toList();
    }
}
