package org.customervault.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.console.ConsoleHttp.csrf;
import static org.customervault.api.console.ConsoleHttp.formToken;
import static org.customervault.api.console.ConsoleHttp.session;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;
import static org.customervault.api.support.RunningVault.PASSWORD;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.util.HtmlUtils;

/**
 * What the browser does not show of the requests, notices, retention and objection screens: a forged post (no CSRF
 * token) changes nothing, an AGENT gets the 403 page for every one of the compliance screens, every page has all its
 * texts in Spanish and English, and no personal value is put in an address.
 */
class RequestsConsoleHttpTest {

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private static ConsoleHttp console;

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir);
        console = new ConsoleHttp(vault, "en");
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    /** Every new change needs the CSRF token: a forged post records, steps, registers and objects to nothing. */
    @Test
    void theNewPostsNeedTheCsrfToken() throws Exception {
        String customer = customer("Fabio Falsificado");
        String request = request(customer);
        String officer = session(console.signIn(COMPLIANCE, PASSWORD));
        String requests = "/console/compliance/requests";
        long before = total();

        Map<String, String> forged = new LinkedHashMap<>();
        forged.put(requests + "/new", "subjectId=" + customer + "&kind=access&jurisdiction=CO&channel=EMAIL"
                + "&receivedAt=2026-01-05T10:00");
        forged.put(requests + "/" + request + "/verification", "method=IN_PERSON");
        forged.put(requests + "/" + request + "/start", "");
        forged.put(requests + "/" + request + "/extension", "extensionReason=forged");
        forged.put(requests + "/" + request + "/answer", "evidenceType=LETTER&evidenceReference=forged");
        forged.put(requests + "/" + request + "/refusal", "refusalReason=forged");
        forged.put("/console/compliance/notices", "version=forged-1&text=forged");
        forged.put("/console/customers/" + customer + "/objections", "objectionPurpose=profiling&objected=true");
        for (var post : forged.entrySet()) {
            assertThat(console.post(post.getKey(), officer, post.getValue()).statusCode()).as(post.getKey()).isEqualTo(403);
        }

        assertThat(total()).as("no request recorded").isEqualTo(before);
        String stored = vault.get(COMPLIANCE, "/api/v1/compliance/requests/" + request).body();
        assertThat(stored).contains("\"status\":\"RECEIVED\"").doesNotContain("forged");
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/notices/forged-1").status()).isEqualTo(404);
        assertThat(vault.get(ADMIN, "/api/v1/customers/" + customer).json().path("objections").size()).isZero();
    }

    @Test
    void anAgentGetsThe403PageForEveryNewComplianceScreen() throws Exception {
        String customer = customer("Ana Agente");
        String request = request(customer);
        String agent = session(console.signIn(AGENT, PASSWORD));

        for (String page : List.of("/requests/new", "/requests/new?subjectId=" + customer, "/requests/" + request,
                "/notices", "/retention")) {
            HttpResponse<String> refused = console.get("/console/compliance" + page, agent, Map.of("Accept-Language", "en"));
            assertThat(refused.statusCode()).as(page).isEqualTo(403);
            assertThat(refused.body()).as(page).contains("Access denied");
        }
        String token = csrf(console.get("/console/customers/" + customer, agent, Map.of()).body());
        for (String post : List.of("/requests/new", "/requests/" + request + "/verification", "/requests/" + request
                + "/start", "/requests/" + request + "/refusal", "/notices")) {
            HttpResponse<String> refused = console.post("/console/compliance" + post, agent, "_csrf=" + token
                    + "&method=IN_PERSON&refusalReason=agent&version=agent-1&text=agent");
            assertThat(refused.statusCode()).as(post).isEqualTo(403);
        }
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/requests/" + request).body()).contains("\"status\":\"RECEIVED\"");
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/notices/agent-1").status()).isEqualTo(404);
    }

    /** Every new page in both languages, in each state that shows other forms or texts: no missing text, no failure. */
    @Test
    void theNewPagesHaveEveryTextInBothLanguages() throws Exception {
        String customer = customer("Noa Bilingüe");
        String received = request(customer);
        String answered = request(customer);
        String refused = request(null);
        assertThat(vault.post(COMPLIANCE, "/api/v1/compliance/requests/" + answered + "/verification",
                "{\"method\": \"IN_PERSON\"}").status()).isEqualTo(200);
        assertThat(vault.post(COMPLIANCE, "/api/v1/compliance/requests/" + answered + "/start", "{}").status())
                .isEqualTo(200);
        String exportedAt = vault.get(COMPLIANCE, "/api/v1/customers/" + customer + "/export").json().get("exportedAt")
                .asText();
        assertThat(vault.post(COMPLIANCE, "/api/v1/compliance/requests/" + answered + "/answer",
                "{\"evidence\": {\"type\": \"EXPORT\", \"reference\": \"" + exportedAt + "\"}}").status()).isEqualTo(200);
        assertThat(vault.post(COMPLIANCE, "/api/v1/compliance/requests/" + refused + "/refusal",
                "{\"reason\": \"Identity not proven\"}").status()).isEqualTo(200);
        assertThat(vault.put(COMPLIANCE, "/api/v1/compliance/notices/2026-01", "{\"text\": \"Aviso\", \"language\": \"es\"}")
                .status()).isEqualTo(201);
        assertThat(vault.put(AGENT, "/api/v1/customers/" + customer + "/objections/profiling",
                "{\"objected\": true}").status()).isIn(200, 202);
        String officer = session(console.signIn(COMPLIANCE, PASSWORD));

        for (String language : List.of("es", "en")) {
            for (String page : List.of("/console/compliance", "/console/compliance/requests",
                    "/console/compliance/requests/new", "/console/compliance/requests/new?subjectId=" + customer,
                    "/console/compliance/requests/" + received, "/console/compliance/requests/" + answered,
                    "/console/compliance/requests/" + refused, "/console/compliance/notices",
                    "/console/compliance/retention", "/console/compliance/customers/" + customer,
                    "/console/customers/" + customer)) {
                HttpResponse<String> shown = console.get(page, officer, Map.of("Accept-Language", language));
                assertThat(shown.statusCode()).as(language + " " + page).isEqualTo(200);
                assertThat(shown.body()).as(language + " " + page).doesNotContain("??").contains("lang=\"" + language + "\"");
            }
        }
        assertThat(console.get("/console/compliance/requests/" + received, officer, Map.of()).body())
                .as("the requester's contact is on the page, in no address").contains("requester@example.com")
                .doesNotContainPattern("(href|action|src)=\"[^\"]*requester");
    }

    /** Refused forms in both languages: the API's words beside the field, or its conflict for the form, and 422/409. */
    @Test
    void refusedFormsShowTheApisMessageWithTheirStatus() throws Exception {
        String customer = customer("Rita Rechazada");
        String request = request(customer);
        String officer = session(console.signIn(COMPLIANCE, PASSWORD));
        for (String language : List.of("es", "en")) {
            String page = "/console/compliance/requests/" + request;

            String shown = console.get(page, officer, Map.of()).body();
            String token = csrf(shown);
            HttpResponse<String> noMethod = console.post(page + "/verification", officer, "_csrf=" + token + "&formToken="
                    + formToken(shown), language);
            assertThat(noMethod.statusCode()).isEqualTo(422);
            assertThat(noMethod.body()).doesNotContain("??").contains("id=\"method-error\"")
                    .contains("aria-describedby=\"method-error\"");

            HttpResponse<String> notYet = console.post(page + "/start", officer, "_csrf=" + token + "&formToken="
                    + formToken(shown), language);
            assertThat(notYet.statusCode()).as("only a VERIFIED request starts").isEqualTo(409);
            assertThat(HtmlUtils.htmlUnescape(notYet.body())).doesNotContain("??").contains("id=\"step-error\"")
                    .contains(language.equals("en") ? "The request is RECEIVED: only a VERIFIED request can be started"
                            : "La solicitud está en estado «Recibida»: solo se puede empezar a tramitar");

            String formToken = formToken(console.get("/console/compliance/requests/new", officer, Map.of()).body());
            HttpResponse<String> badRecord = console.post("/console/compliance/requests/new", officer, "_csrf=" + token
                    + "&formToken=" + formToken + "&kind=access&jurisdiction=XX1&channel=EMAIL&receivedAt=2026-01-05T10:00", language);
            assertThat(badRecord.statusCode()).isEqualTo(422);
            assertThat(badRecord.body()).doesNotContain("??").contains("id=\"jurisdiction-error\"")
                    .contains("aria-describedby=\"jurisdiction-error\"");

            HttpResponse<String> noText = console.post("/console/compliance/notices", officer, "_csrf=" + token
                    + "&version=2026-02", language);
            assertThat(noText.statusCode()).isEqualTo(422);
            assertThat(noText.body()).doesNotContain("??").contains("id=\"text-error\"");
        }
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/requests/" + request).body()).contains("\"status\":\"RECEIVED\"");
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/notices/2026-02").status()).isEqualTo(404);
    }

    /**
     * No English rule reaches a Spanish page: every page of the requests and notices, and every refusal their forms
     * can be driven to over HTTP (each field's rules, each evidence check, each 409), answered in Spanish, holds none
     * of the English texts the API's source can write for them (ApiRuleTexts), and no kind or status by its raw name.
     */
    @Test
    void noEnglishRuleReachesASpanishPage() throws Exception {
        Set<String> english = ApiRuleTexts.all();
        String customer = customer("Sara Singlés");
        String received = request(customer);
        String nobodys = request(null);
        String refused = request(customer);
        assertThat(vault.post(COMPLIANCE, "/api/v1/compliance/requests/" + refused + "/refusal",
                "{\"reason\": \"Identity not proven\"}").status()).isEqualTo(200);
        String rectification = vault.post(COMPLIANCE, "/api/v1/compliance/requests", """
                {"subjectId": "%s", "kind": "rectification", "jurisdiction": "AR", "channel": "EMAIL",
                 "receivedAt": "%s"}""".formatted(customer, Instant.now().minus(1, ChronoUnit.HOURS)))
                .json().get("id").asText();
        String ar = vault.post(COMPLIANCE, "/api/v1/compliance/requests", """
                {"kind": "erasure", "jurisdiction": "AR", "channel": "EMAIL", "receivedAt": "%s"}""".formatted(
                Instant.now().minus(1, ChronoUnit.HOURS))).json().get("id").asText();
        String noTerm = vault.post(COMPLIANCE, "/api/v1/compliance/requests", """
                {"kind": "rectification", "jurisdiction": "BR", "channel": "EMAIL", "receivedAt": "%s"}""".formatted(
                Instant.now().minus(1, ChronoUnit.HOURS))).json().get("id").asText();
        assertThat(vault.put(COMPLIANCE, "/api/v1/compliance/notices/es-1", "{\"text\": \"Aviso\"}").status())
                .isEqualTo(201);
        String officer = session(console.signIn(COMPLIANCE, PASSWORD));
        String token = csrf(console.get("/console/compliance/notices", officer, Map.of()).body());
        String requests = "/console/compliance/requests/";

        Map<String, HttpResponse<String>> shown = new LinkedHashMap<>();
        for (String page : List.of("/console/compliance", "/console/compliance/requests", requests + "new",
                requests + received, requests + nobodys, requests + refused, requests + rectification, requests + ar,
                requests + noTerm,
                "/console/compliance/notices", "/console/compliance/customers/" + customer)) {
            shown.put("GET " + page, console.get(page, officer, Map.of("Accept-Language", "es")));
        }
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("new", "subjectId=not-an-id&requesterName=" + "n".repeat(201) + "&requesterEmail=nope"
                + "&notes=" + "x".repeat(2001) + "&receivedAt=1999-12-31T10:00");
        refusals.put("new ", "subjectId=" + java.util.UUID.randomUUID() + "&kind=access&jurisdiction=CO&channel=EMAIL"
                + "&receivedAt=2026-02-30T25:00");
        refusals.put("new  ", "subjectId=" + java.util.UUID.randomUUID() + "&kind=access&jurisdiction=CO&channel=EMAIL"
                + "&receivedAt=2026-01-05T10:00&requesterName=+");
        refusals.put(received + "/verification", "");
        refusals.put(received + "/start", "");
        refusals.put(received + "/extension", "extensionReason=");
        refusals.put(received + "/refusal", "refusalReason=" + "r".repeat(501));
        refusals.put(received + "/answer", "evidenceType=LETTER&evidenceReference=a%20b");
        refusals.put(received + "/answer ", "evidenceType=LETTER&evidenceReference=letter-1");
        refusals.put(received + "/answer  ", "evidenceType=EXPORT&evidenceReference=yesterday");
        refusals.put(received + "/answer   ", "evidenceType=EXPORT&evidenceReference=2020-01-01T00:00:00Z");
        refusals.put(nobodys + "/answer", "evidenceType=EXPORT&evidenceReference=2020-01-01T00:00:00Z");
        refusals.put(nobodys + "/answer ", "evidenceType=ERASURE_CERTIFICATE&evidenceReference=not-an-id");
        refusals.put(nobodys + "/answer  ", "evidenceType=ERASURE_CERTIFICATE&evidenceReference="
                + java.util.UUID.randomUUID());
        refusals.put(rectification + "/answer", "evidenceType=RECTIFICATION&evidenceReference=v1");
        refusals.put(rectification + "/answer ", "evidenceType=RECTIFICATION&evidenceReference=1");
        refusals.put(refused + "/refusal", "refusalReason=again");
        refusals.put(refused + "/verification", "method=IN_PERSON");
        refusals.put(ar + "/extension", "extensionReason=more%20time");
        refusals.put(noTerm + "/extension", "extensionReason=more%20time");
        for (var refusal : refusals.entrySet()) {
            String path = requests + refusal.getKey().strip();
            String formToken = formToken(console.get("/console/compliance/requests/new", officer, Map.of()).body());
            shown.put("POST " + refusal.getKey(), console.post(path, officer, "_csrf=" + token + "&formToken=" + formToken + "&"
                    + refusal.getValue(), "es"));
        }
        for (String notice : List.of("version=2026-03", "version=%21bad&text=Aviso&language=x_y",
                "version=2026-04&text=a%01b", "version=es-1&text=Otro%20aviso")) {
            shown.put("POST notices " + notice, console.post("/console/compliance/notices", officer, "_csrf=" + token + "&"
                    + notice, "es"));
        }

        for (var page : shown.entrySet()) {
            String body = HtmlUtils.htmlUnescape(page.getValue().body());
            assertThat(page.getValue().statusCode()).as(page.getKey()).isIn(200, 409, 422);
            if (page.getKey().startsWith("POST")) {
                assertThat(page.getValue().statusCode()).as(page.getKey() + " is a refusal").isIn(409, 422);
                assertThat(body).as(page.getKey() + " shows it").containsPattern("class=\"(field-error|error)\"");
            }
            assertThat(body).as(page.getKey()).contains("lang=\"es\"").doesNotContain("??");
            for (String rule : english) {
                assertThat(body).as(page.getKey()).doesNotContain(rule);
            }
            assertThat(body).as(page.getKey() + ": kinds and statuses by their labels")
                    .doesNotContainPattern(">\\s*(RECEIVED|VERIFIED|IN_PROGRESS|ANSWERED|REFUSED|access|rectification"
                            + "|erasure|none known: due on receipt)\\s*<");
        }
        assertThat(HtmlUtils.htmlUnescape(shown.get("POST " + refused + "/refusal").body()))
                .contains("La solicitud está en estado «Denegada»: solo se puede denegar una solicitud abierta.");
        assertThat(HtmlUtils.htmlUnescape(shown.get("POST " + ar + "/extension").body()))
                .contains("Ley 25.326, Art. 16 no permite prorrogar el plazo de esta solicitud.");
        assertThat(HtmlUtils.htmlUnescape(shown.get("POST " + noTerm + "/extension").body()))
                .contains("El vault no conoce ningún plazo legal para esta solicitud")
                .contains("ninguna conocida: vence el día en que se recibió");
        assertThat(HtmlUtils.htmlUnescape(shown.get("POST new").body())).contains("si se indica, de 1 a 2000 caracteres")
                .contains("debe estar entre el 2000-01-01 y ahora");
        assertThat(HtmlUtils.htmlUnescape(shown.get("POST notices version=es-1&text=Otro%20aviso").body()))
                .contains("Esta versión del aviso ya está registrada con otro texto");
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/requests/" + received).body())
                .as("nothing stored on a refusal").contains("\"status\":\"RECEIVED\"");
    }

    private static String customer(String name) {
        return vault.post(ADMIN, "/api/v1/customers", "{\"fullName\": \"" + name + "\"}").json().get("id").asText();
    }

    /** A request received an hour ago, about the customer or (null) about nobody of the vault. */
    private static String request(String customer) {
        return vault.post(COMPLIANCE, "/api/v1/compliance/requests", """
                {%s"kind": "access", "jurisdiction": "CO", "channel": "EMAIL", "receivedAt": "%s",
                 "requester": {"name": "Requester", "email": "requester@example.com"}}""".formatted(
                customer == null ? "" : "\"subjectId\": \"" + customer + "\", ",
                Instant.now().minus(1, ChronoUnit.HOURS))).json().get("id").asText();
    }

    private static long total() {
        return Long.parseLong(vault.get(COMPLIANCE, "/api/v1/compliance/requests?size=1").header("X-Total-Count"));
    }
}
