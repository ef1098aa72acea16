package org.customervault.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.console.ConsoleHttp.csrf;
import static org.customervault.api.console.ConsoleHttp.formToken;
import static org.customervault.api.console.ConsoleHttp.header;
import static org.customervault.api.console.ConsoleHttp.session;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.PASSWORD;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.customervault.api.support.RunningVault;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's promises that a browser does not show: its headers, its session cookie, CSRF refusals,
 * and that the API beside it stays stateless, on HTTP Basic, untouched by the console's session.
 */
class ConsoleHttpTest {

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private static ConsoleHttp console;

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir);
        console = new ConsoleHttp(vault, null);
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void pagesAllowOnlyTheVaultsOwnFilesAndAreNotCached() throws Exception {
        HttpResponse<String> login = console.get("/console/login", null, Map.of());

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(header(login, "Content-Security-Policy")).isEqualTo(ConsoleSecurityConfiguration.CONTENT_SECURITY_POLICY)
                .contains("script-src 'self';").contains("style-src 'self';").doesNotContain("unsafe");
        assertThat(header(login, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(login, "Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(header(login, "X-Frame-Options")).isEqualTo("DENY");
        assertThat(header(login, "Cache-Control")).contains("no-store");
        assertThat(login.body()).doesNotContain("<script>").doesNotContain("style=\"").doesNotContain("<style")
                .doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void theScriptsAndStylesAreServedByTheVault() throws Exception {
        assertThat(console.get("/webjars/htmx.org/dist/htmx.min.js", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(console.get("/console/assets/console.css", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(console.get("/console/assets/console.js", null, Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void signingInGivesAnHttpOnlySameSiteStrictSessionCookieForTheConsoleOnly() throws Exception {
        HttpResponse<String> signedIn = console.signIn(AGENT, PASSWORD);

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/console");
        String cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/console")
                .as("plain http here: Secure only over https").doesNotContain("Secure");
        assertThat(console.get("/console", session(signedIn), Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordIsRefusedWithoutASessionOrAnEcho() throws Exception {
        HttpResponse<String> refused = console.signIn(AGENT, "not-the-password-4711");

        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/console/login?error");
        HttpResponse<String> page = console.get("/console/login?error", null, Map.of("Accept-Language", "en"));
        assertThat(page.body()).contains("Wrong user name or password").doesNotContain("not-the-password-4711");
    }

    /** The console shows what the API would: the national id masked for an AGENT, a restricted customer withheld. */
    @Test
    void pagesAreMaskedByRoleAsTheApiIs() throws Exception {
        String id = vault.post(ADMIN, "/api/v1/customers", """
                {"fullName": "Rosa Enmascarada", "email": "rosa@example.com", "nationalId": "27-33445566-1",
                 "birthDate": "1980-05-17"}""").json().get("id").asText();
        String agent = session(console.signIn(AGENT, PASSWORD));
        String admin = session(console.signIn(ADMIN, PASSWORD));
        String page = "/console/customers/" + id;

        assertThat(console.get(page, agent, Map.of()).body()).contains("Rosa Enmascarada").contains("********").contains(">1980<")
                .doesNotContain("27-33445566-1").doesNotContain("1980-05-17");
        assertThat(console.get(page + "/edit", agent, Map.of()).body()).doesNotContain("name=\"nationalId\"")
                .doesNotContain("27-33445566-1");
        assertThat(console.get(page, admin, Map.of()).body()).contains("27-33445566-1").contains("1980-05-17");
        assertThat(console.get(page + "/edit", admin, Map.of()).body()).contains("name=\"nationalId\"").contains("27-33445566-1");

        assertThat(vault.put(ADMIN, "/api/v1/customers/" + id + "/restriction", "{\"restricted\": true}").status())
                .isEqualTo(200);
        String restricted = console.get(page, agent, Map.of()).body();
        assertThat(restricted).contains("(restricted)").doesNotContain("Rosa").doesNotContain("rosa@example.com")
                .doesNotContain("id=\"edit-link\"").doesNotContain("interaction-form");
        assertThat(console.get(page, admin, Map.of()).body()).contains("Rosa Enmascarada");
    }

    @Test
    void aMalformedOrUnknownIdIsAPageNotAFailure() throws Exception {
        String agent = session(console.signIn(AGENT, PASSWORD));

        HttpResponse<String> malformed = console.get("/console/customers/not-an-id", agent, Map.of("Accept-Language", "en"));
        HttpResponse<String> unknown = console.get("/console/customers/" + java.util.UUID.randomUUID(), agent,
                Map.of("Accept-Language", "en"));

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("not valid").doesNotContain("not-an-id");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    }

    /** The console signs in through the API's authentication: its failed sign-in limit counts both, and locks both. */
    @Test
    void failedConsoleSignInsLockTheUserOutOfTheConsoleAndTheApi() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(console.signIn(RunningVault.COMPLIANCE, "guess-" + attempt).headers().firstValue("Location").orElseThrow())
                    .endsWith("/console/login?error");
        }

        HttpResponse<String> rightPassword = console.signIn(RunningVault.COMPLIANCE, PASSWORD);
        RunningVault.Response api = vault.get(RunningVault.COMPLIANCE, "/api/v1/customers");

        assertThat(rightPassword.headers().firstValue("Location").orElseThrow()).as("the same generic refusal")
                .endsWith("/console/login?error");
        assertThat(api.status()).isEqualTo(429);
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() throws Exception {
        String session = session(console.signIn(AGENT, PASSWORD));

        HttpResponse<String> withoutToken = console.post("/console/customers", session, "fullName=Ana+Forged");
        HttpResponse<String> signInWithoutToken = console.post("/console/login", null,
                "username=" + AGENT + "&password=" + PASSWORD);

        assertThat(withoutToken.statusCode()).as(withoutToken.headers().map().toString()).isEqualTo(403);
        assertThat(signInWithoutToken.statusCode()).isEqualTo(403);
        assertThat(vault.get(ADMIN, "/api/v1/customers").json().get("items").toString()).doesNotContain("Ana Forged");
    }

    @Test
    void aSessionEndsAtTheNextRequestOnceItsUserIsGivenOtherRolesOrRemoved() throws Exception {
        String users = "/api/v1/admin/users";
        for (String change : List.of("roles", "removal")) {
            String name = "officer-" + change;
            assertThat(vault.post(ADMIN, users, "{\"name\": \"" + name + "\", \"password\": \"a-long-passphrase-7\","
                    + " \"roles\": [\"COMPLIANCE\"]}").status()).isEqualTo(201);
            String session = session(console.signIn(name, "a-long-passphrase-7"));
            assertThat(console.get("/console/compliance", session, Map.of()).statusCode()).isEqualTo(200);

            if (change.equals("roles")) {
                assertThat(vault.send(ADMIN, "PATCH", users + "/" + name, "{\"roles\": [\"AGENT\"]}".getBytes(
                        StandardCharsets.UTF_8), "application/merge-patch+json", Map.of()).status()).isEqualTo(200);
            } else {
                assertThat(vault.send(ADMIN, "DELETE", users + "/" + name, (byte[]) null, null, Map.of()).status())
                        .isEqualTo(204);
            }

            HttpResponse<String> next = console.get("/console/compliance", session, Map.of());
            assertThat(next.statusCode()).as(change).isEqualTo(302);
            assertThat(header(next, "Location")).as(change).endsWith("/console/login?expired");
            assertThat(console.get("/console", session, Map.of()).statusCode()).as("the session is gone").isEqualTo(302);
        }
    }

    @Test
    void anAgentGetsA403PageForTheComplianceAndAdminPages() throws Exception {
        String session = session(console.signIn(AGENT, PASSWORD));

        for (String page : List.of("/console/compliance", "/console/compliance/requests", "/console/admin/keys",
                "/console/admin", "/console/admin/health", "/console/admin/tokens", "/console/admin/users",
                "/console/admin/projections")) {
            HttpResponse<String> refused = console.get(page, session, Map.of("Accept-Language", "en"));
            assertThat(refused.statusCode()).as(page).isEqualTo(403);
            assertThat(refused.body()).as(page).contains("Access denied");
        }
    }

    /**
     * Every administrator's change needs the CSRF token: a forged post issues, revokes, creates, changes, removes and
     * retries nothing.
     */
    @Test
    void theAdminPostsNeedTheCsrfToken() throws Exception {
        String admin = session(console.signIn(ADMIN, PASSWORD));
        String tokenId = vault.post(ADMIN, "/api/v1/admin/tokens", "{\"name\": \"forged-revoke\", \"roles\": [\"AGENT\"]}")
                .json().get("id").asText();
        assertThat(vault.post(ADMIN, "/api/v1/admin/users", """
                {"name": "kept.user", "password": "a-long-enough-passphrase", "roles": ["AGENT"]}""").status())
                .isEqualTo(201);

        for (var forged : Map.of("/console/admin/tokens", "name=forged-token&roles=ADMIN",
                "/console/admin/tokens/" + tokenId + "/revoke", "",
                "/console/admin/users", "name=forged.user&password=a-long-enough-passphrase&roles=ADMIN",
                "/console/admin/users/remove", "name=kept.user",
                "/console/admin/users/change", "name=kept.user&password=a-forged-long-passphrase&roles=ADMIN",
                "/console/admin/dead-letters/retry", "",
                "/console/admin/keys/wrapping", "",
                "/console/admin/keys/blind-index", "",
                "/console/admin/projections/rebuild", "confirmed=yes").entrySet()) {
            assertThat(console.post(forged.getKey(), admin, forged.getValue()).statusCode()).as(forged.getKey()).isEqualTo(403);
        }
        String tokens = vault.get(ADMIN, "/api/v1/admin/tokens").body();
        assertThat(tokens).doesNotContain("forged-token");
        assertThat(vault.get(ADMIN, "/api/v1/admin/tokens/" + tokenId).json().path("revokedAt").isTextual())
                .as("not revoked").isFalse();
        assertThat(vault.get(ADMIN, "/api/v1/admin/users").body()).contains("kept.user").doesNotContain("forged.user");
        assertThat(vault.get(ADMIN, "/api/v1/admin/users/kept.user").json().get("roles").toString())
                .as("roles not changed").isEqualTo("[\"AGENT\"]");
        assertThat(vault.get("kept.user", "a-long-enough-passphrase", "/api/v1/customers").status())
                .as("password not changed").isEqualTo(200);
        assertThat(replayTokens()).as("no rebuild was started").isZero();
    }

    /** A rebuild empties the CRM's read models for a while: it is not started without the box ticked. */
    @Test
    void aRebuildPostedWithoutTheBoxTickedResetsNothing() throws Exception {
        String admin = session(console.signIn(ADMIN, PASSWORD));
        String token = csrf(console.get("/console/admin/projections", admin, Map.of()).body());

        HttpResponse<String> unconfirmed = console.post("/console/admin/projections/rebuild", admin, "_csrf=" + token);

        assertThat(unconfirmed.statusCode()).isEqualTo(422);
        assertThat(unconfirmed.body()).contains("id=\"confirmed-error\"").contains("aria-describedby=\"confirmed-error\"");
        assertThat(replayTokens()).as("no rebuild was started").isZero();
    }

    /** Axon keeps a rebuilt processor's replay token until an event after the rebuild: none means none was started. */
    private static long replayTokens() {
        return vault.jdbc().queryForObject("SELECT count(*) FROM tokenentry WHERE tokentype LIKE '%ReplayToken'", Long.class);
    }

    /** The secret is in the body of the answer to the issue, once; no header, no redirect, no later page carries it. */
    @Test
    void aNewTokensSecretIsInItsPageOnceAndNeverInAUrl() throws Exception {
        String admin = session(console.signIn(ADMIN, PASSWORD));
        String token = csrf(console.get("/console/admin/tokens", admin, Map.of()).body());

        HttpResponse<String> issued = console.post("/console/admin/tokens", admin, "_csrf=" + token + "&name=once-only&roles=AGENT");

        assertThat(issued.statusCode()).as("the page itself, not a redirect").isEqualTo(200);
        assertThat(header(issued, "Location")).isNull();
        assertThat(header(issued, "Cache-Control")).contains("no-store");
        Matcher shown = Pattern.compile("id=\"token-secret\">([^<]+)<").matcher(issued.body());
        assertThat(shown.find()).isTrue();
        String secret = shown.group(1);
        assertThat(issued.body().split(Pattern.quote(secret), -1)).as("once in the page").hasSize(2);
        assertThat(issued.headers().map().toString()).doesNotContain(secret);
        assertThat(issued.body()).as("no link or form address holds it").doesNotContainPattern(
                "(href|action|src)=\"[^\"]*" + Pattern.quote(secret));
        assertThat(console.get("/console/admin/tokens", admin, Map.of()).body()).contains("once-only").doesNotContain(secret);
        assertThat(vault.get(ADMIN, "/api/v1/admin/tokens").body()).doesNotContain(secret);
    }

    /**
     * A read model behind that no node works on is shown stopped, and the page stops polling: otherwise an open page
     * would poll for ever, and keep its session alive by itself.
     */
    @Test
    void theReadModelsPageStopsPollingWhenNoNodeWorksOnAReadModelBehind() throws Exception {
        String admin = session(console.signIn(ADMIN, PASSWORD));
        await().atMost(Duration.ofSeconds(60)).until(() -> console.get("/console/admin/projections", admin, Map.of())
                .body(), page -> !page.contains("hx-get") && !page.contains("projections-stopped"));
        TrackingEventProcessor view = vault.bean(EventProcessingConfiguration.class)
                .eventProcessor("customer-view", TrackingEventProcessor.class).orElseThrow();
        view.shutDown();
        try {
            vault.bean(CommandGateway.class).sendAndWait(new RegisterCustomerCommand(CustomerId.newId(), "Procesador Parado",
                    null, null, null, null, null, null));

            // the timeline, which runs, is followed until it has caught up; the view, stopped, is not
            String page = await().atMost(Duration.ofSeconds(60)).until(() -> console.get("/console/admin/projections",
                    admin, Map.of("Accept-Language", "en")).body(), shown -> !shown.contains("hx-get"));
            assertThat(page).contains("id=\"projections-stopped\"").contains("Stopped");
            assertThat(console.get("/console/admin/projections/progress", admin, Map.of()).body())
                    .as("the fragment the page polls stops the polling too").doesNotContain("hx-get");
        } finally {
            view.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> console.get("/console/admin/projections", admin, Map.of())
                .body(), page -> !page.contains("hx-get") && !page.contains("projections-stopped"));
    }

    /** Every admin page in both languages: no missing text, no failure. */
    @Test
    void theAdminPagesHaveEveryTextInBothLanguages() throws Exception {
        String admin = session(console.signIn(ADMIN, PASSWORD));
        for (String language : List.of("es", "en")) {
            for (String page : List.of("", "/health", "/dead-letters", "/tokens", "/users", "/keys", "/projections")) {
                HttpResponse<String> shown = console.get("/console/admin" + page, admin, Map.of("Accept-Language", language));
                assertThat(shown.statusCode()).as(language + " " + page).isEqualTo(200);
                assertThat(shown.body()).as(language + " " + page).doesNotContain("??").contains("lang=\"" + language + "\"");
            }
        }
    }

    /** An erasure needs the box ticked and the CSRF token: a forged or hasty post erases nothing. */
    @Test
    void anErasureWithoutItsConfirmationOrCsrfTokenErasesNothing() throws Exception {
        String id = vault.post(ADMIN, "/api/v1/customers", "{\"fullName\": \"Eva Confirmada\"}").json().get("id").asText();
        String officer = session(console.signIn(ADMIN, PASSWORD)); // COMPLIANCE may be locked out by the failed sign-in test
        String erasure = "/console/compliance/customers/" + id + "/erasure";
        String page = console.get(erasure, officer, Map.of()).body();
        String token = csrf(page);

        HttpResponse<String> unconfirmed = console.post(erasure, officer, "_csrf=" + token + "&formToken=" + formToken(page));
        HttpResponse<String> forged = console.post(erasure, officer, "confirmed=yes");

        assertThat(unconfirmed.statusCode()).isEqualTo(422);
        assertThat(unconfirmed.body()).contains("id=\"confirmed-error\"").contains("aria-describedby=\"confirmed-error\"");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(vault.get(ADMIN, "/api/v1/customers/" + id).status()).isEqualTo(200);
    }

    /** The export is the API's JSON as a file, from a URL that holds the id only; an AGENT gets the 403 page. */
    @Test
    void theExportIsAnAttachmentForTheOfficerOnly() throws Exception {
        String id = vault.post(ADMIN, "/api/v1/customers", "{\"fullName\": \"Pia Exportada\"}").json().get("id").asText();
        String officer = session(console.signIn(ADMIN, PASSWORD)); // COMPLIANCE may be locked out by the failed sign-in test
        String agent = session(console.signIn(AGENT, PASSWORD));

        HttpResponse<String> export = console.get("/console/compliance/customers/" + id + "/export", officer, Map.of());
        HttpResponse<String> refused = console.get("/console/compliance/customers/" + id + "/export", agent, Map.of());

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(header(export, "Content-Disposition")).startsWith("attachment; filename=\"customer-" + id + "-export-");
        assertThat(header(export, "Content-Type")).startsWith("application/json");
        assertThat(header(export, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(export.body()).contains("\"subjectId\":\"" + id + "\"").contains("Pia Exportada");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("Pia Exportada");
        assertThat(vault.get(ADMIN, "/api/v1/compliance/access-log?subjectId=" + id).body())
                .contains("\"customer.export\"");
    }

    /** Every compliance page in both languages: no missing text (Thymeleaf shows one as ??key??), no failure. */
    @Test
    void theCompliancePagesHaveEveryTextInBothLanguages() throws Exception {
        String id = vault.post(ADMIN, "/api/v1/customers", "{\"fullName\": \"Noa Bilingüe\"}").json().get("id").asText();
        String officer = session(console.signIn(ADMIN, PASSWORD));
        for (String language : List.of("es", "en")) {
            for (String page : List.of("", "/customers/" + id, "/customers/" + id + "/history",
                    "/customers/" + id + "/history?asOf=2000-01-01T00:00", "/customers/" + id + "/erasure", "/erasures",
                    "/access-log", "/requests", "/integrity")) {
                HttpResponse<String> shown = console.get("/console/compliance" + page, officer, Map.of("Accept-Language", language));
                assertThat(shown.statusCode()).as(language + " " + page).isEqualTo(200);
                assertThat(shown.body()).as(language + " " + page).doesNotContain("??").contains("lang=\"" + language + "\"");
            }
        }
        HttpResponse<String> future = console.get("/console/compliance/customers/" + id + "/history?asOf=2999-01-01T00:00", officer,
                Map.of("Accept-Language", "en"));
        assertThat(future.statusCode()).isEqualTo(422);
        assertThat(future.body()).contains("id=\"asOf-error\"").contains("must not be in the future");
    }

    @Test
    void theApiStaysStatelessOnBasicAuthAndIgnoresTheConsolesSession() throws Exception {
        String session = session(console.signIn(AGENT, PASSWORD));

        HttpResponse<String> basic = console.get("/api/v1/customers", null, Map.of("Authorization",
                RunningVault.basic(AGENT, PASSWORD)));
        HttpResponse<String> sessionOnly = console.get("/api/v1/customers", session, Map.of());

        assertThat(basic.statusCode()).isEqualTo(200);
        assertThat(basic.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(sessionOnly.statusCode()).as("a console session is no API credential").isEqualTo(401);
        assertThat(sessionOnly.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void theLanguageComesFromTheBrowserOrTheLinkAndIsSpanishOtherwise() throws Exception {
        assertThat(console.get("/console/login", null, Map.of()).body()).contains("Iniciar sesión");
        assertThat(console.get("/console/login", null, Map.of("Accept-Language", "fr-FR")).body()).contains("Iniciar sesión");
        assertThat(console.get("/console/login", null, Map.of("Accept-Language", "en-GB,en;q=0.8")).body()).contains("Sign in");

        HttpResponse<String> switched = console.get("/console/login?lang=es", null, Map.of("Accept-Language", "en"));
        String languageCookie = switched.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(ConsoleLocales.COOKIE + "=")).findFirst()
                .orElseThrow(() -> new AssertionError(switched.headers().map().toString()));
        assertThat(switched.body()).contains("Iniciar sesión");
        assertThat(console.get("/console/login", languageCookie.substring(0, languageCookie.indexOf(';')),
                Map.of("Accept-Language", "en")).body()).contains("Iniciar sesión");
    }
}
