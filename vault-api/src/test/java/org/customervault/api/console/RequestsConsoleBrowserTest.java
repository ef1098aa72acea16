package org.customervault.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;
import static org.customervault.api.support.RunningVault.PASSWORD;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compliance officer's screens for data subjects' requests, privacy notices, retention and objections, in a real
 * headless Chromium: a request recorded for a customer and taken through its steps to an answer with the evidence the
 * API looked up (refused first without it, the request still open), a step refused because the request moved on
 * meanwhile, a notice registered (and another text under its version refused), the retention preview, and an
 * objection recorded and withdrawn on the 360 view. Every page is checked for Content-Security-Policy violations.
 */
class RequestsConsoleBrowserTest extends BrowserTests {

    @TempDir
    static Path dataDir;
    private static RunningVault vault;

    @BeforeAll
    static void start() {
        // a policy no customer of this test falls under: the preview shows it, with nobody to erase
        vault = RunningVault.start(dataDir, Map.of("vault.retention.policies[0].name", "dormant",
                "vault.retention.policies[0].inactive-for", "P5Y"));
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Override
    protected RunningVault vault() {
        return vault;
    }

    @Test
    void anOfficerRecordsAnAccessRequestAndAnswersItWithAnExportAfterTheApiRefusedItWithout() {
        String customer = register("Ramona Solicitante");
        browser.signIn(COMPLIANCE, PASSWORD);
        browser.go("/console/compliance/customers/" + customer);
        browser.click("#record-request-link");
        assertThat(browser.find("#subjectId").getAttribute("value")).as("the customer's id, filled in").isEqualTo(customer);
        assertAccessible("request form");
        browser.type("#jurisdiction", "CO");
        browser.click("#request-form button[type=submit]");

        assertThat(browser.path()).matches("/console/compliance/requests/[0-9a-f-]{36}");
        String request = browser.find("#request-id").getText();
        assertThat(browser.find("#request-status").getText()).isEqualTo("Received");
        assertThat(browser.find("#request-kind").getText()).isEqualTo("access");
        assertThat(browser.find("#request-legalSource").getText()).contains("Ley 1581");
        assertThat(browser.find("#request-dueOn").getText()).matches("\\d{4}-\\d{2}-\\d{2}.*");
        assertThat(browser.all("#start-form")).as("only the steps the status allows").isEmpty();
        assertThat(browser.all("#answer-form")).isEmpty();

        browser.click("#verification-form button[type=submit]");
        assertThat(browser.find("#request-status").getText()).isEqualTo("Identity verified");
        assertThat(browser.find("#request-verification").getText()).contains("Identity document").contains(COMPLIANCE);
        assertThat(browser.all("#verification-form")).isEmpty();
        browser.click("#start-form button[type=submit]");
        assertThat(browser.find("#request-status").getText()).isEqualTo("In progress");

        browser.click("#answer-form button[type=submit]");
        assertThat(browser.find("#evidenceReference-error").getText()).as("the API's message").contains("is required");
        assertThat(browser.find("#evidenceReference").getAttribute("aria-describedby")).isEqualTo("evidenceReference-error");
        assertThat(browser.find("#request-status").getText()).as("still open").isEqualTo("In progress");
        assertAccessible("request with a refused answer");
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/requests/" + request).json().path("request").path("status")
                .asText()).isEqualTo("IN_PROGRESS");

        browser.type("#evidenceReference", "2020-01-01T00:00:00Z");
        browser.click("#answer-form button[type=submit]");
        assertThat(browser.find("#evidenceReference-error").getText()).as("an export the vault does not hold")
                .contains("names no export");
        assertThat(browser.find("#request-status").getText()).isEqualTo("In progress");

        String exported = exportedAt(browser.find("#request-export-link").getAttribute("href"));
        browser.type("#evidenceReference", exported);
        browser.click("#answer-form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/console/compliance/requests/" + request);
        assertThat(browser.find("#request-status").getText()).isEqualTo("Answered");
        assertThat(browser.find("#request-evidence").getText()).isEqualTo("Export: " + exported);
        assertThat(browser.all("#steps tbody tr")).extracting(row -> row.getText()).hasSize(4)
                .satisfies(rows -> assertThat(rows.get(0)).contains("received").contains(COMPLIANCE))
                .satisfies(rows -> assertThat(rows.get(1)).contains("identity verified"))
                .satisfies(rows -> assertThat(rows.get(2)).contains("work started"))
                .satisfies(rows -> assertThat(rows.get(3)).contains("answered").contains("Answered"));
        assertThat(browser.all("form.stack")).as("a closed request offers no step").isEmpty();
        assertAccessible("answered request with its steps");
        browser.driver().executeScript("document.getElementById('request-evidence').scrollIntoView();");
        browser.screenshot("request");

        browser.go("/console/compliance/requests");
        browser.click("#requests a[href$='" + request + "']");
        assertThat(browser.find("#request-status").getText()).isEqualTo("Answered");
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/access-log?subjectId=" + customer + "&size=1000").body())
                .as("the console's reads are the API's").contains("\"subject-request.read\"");
    }

    @Test
    void aStepTheRequestMovedPastMeanwhileIsTheApisConflictItIsExtendedOnceAndARefusalNeedsItsReason() {
        String request = vault.post(COMPLIANCE, "/api/v1/compliance/requests", """
                {"kind": "erasure", "jurisdiction": "EU", "channel": "POST", "receivedAt": "%s",
                 "requester": {"name": "Requester Sin Cliente", "email": "requester@example.com"}}"""
                .formatted(Instant.now().minus(1, ChronoUnit.HOURS))).json().get("id").asText();
        browser.signIn(COMPLIANCE, PASSWORD);
        browser.go("/console/compliance/requests/" + request);
        assertThat(browser.text()).contains("Requester Sin Cliente").contains("GDPR");

        assertThat(vault.post(ADMIN, "/api/v1/compliance/requests/" + request + "/verification",
                "{\"method\": \"PHONE_CALLBACK\"}").status()).as("verified behind the page's back").isEqualTo(200);
        browser.click("#verification-form button[type=submit]");
        assertThat(browser.find("#step-error").getText()).as("the API's 409 detail")
                .contains("The request is VERIFIED").contains("only a RECEIVED request can be verified");
        assertThat(browser.find("#request-verification").getText()).contains("Phone callback").contains(ADMIN);

        String dueOn = vault.get(COMPLIANCE, "/api/v1/compliance/requests/" + request).json().path("request")
                .path("dueOn").asText();
        browser.type("#extensionReason", "Many archives to search");
        browser.click("#extension-form button[type=submit]");
        assertThat(browser.find("#request-dueOn").getText()).as("GDPR Art. 12(3): two further months")
                .contains("(extended)").doesNotContain(dueOn);
        assertThat(browser.all("#extension-form")).as("extended once").isEmpty();
        assertThat(browser.text()).contains("Many archives to search");

        browser.click("#refusal-form button[type=submit]");
        assertThat(browser.find("#refusalReason-error").getText()).contains("is required");
        browser.type("#refusalReason", "Identity not proven");
        browser.click("#refusal-form button[type=submit]");
        assertThat(browser.find("#request-status").getText()).isEqualTo("Refused");
        assertThat(browser.text()).contains("Identity not proven");
    }

    @Test
    void anOfficerRegistersAPrivacyNoticeAndOpensTheRetentionPreview() throws Exception {
        String version = "2026-" + UUID.randomUUID().toString().substring(0, 6);
        String text = "Usamos su email para enviarle ofertas. Puede retirar su consentimiento cuando quiera.";
        browser.signIn(COMPLIANCE, PASSWORD);
        browser.go("/console/compliance");
        browser.click("#notices-link");
        browser.type("#version", version);
        browser.type("#language", "es-CO");
        browser.type("#text", text);
        browser.click("#notice-form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/console/compliance/notices");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(browser.find("#notices tbody tr").getText()).contains(version).contains("es-CO").contains(sha256)
                .contains(text);
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/notices/" + version).json().get("sha256").asText())
                .isEqualTo(sha256);

        browser.type("#version", version);
        browser.type("#text", "Another text under the same version.");
        browser.click("#notice-form button[type=submit]");
        assertThat(browser.find("#notice-error").getText()).contains("registered with another text");
        assertAccessible("notices with a refused version");
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/notices/" + version).json().get("text").asText())
                .as("the stored text stays").isEqualTo(text);

        browser.go("/console/compliance");
        browser.click("#retention-link");
        assertThat(browser.text()).contains("Policy dormant").contains("P5Y").contains("A run would erase now");
        assertThat(browser.find(".retention-count").getText()).isEqualTo("0");
        assertAccessible("retention preview");
        browser.screenshot("retention");
    }

    @Test
    void anAgentRecordsAnObjectionOnTheCustomersViewAndWithdrawsIt() {
        String customer = register("Olivia Opuesta");
        browser.signIn(AGENT, PASSWORD);
        browser.go("/console/customers/" + customer);

        browser.click("#objection-form button[type=submit]");
        assertThat(browser.find("#objectionPurpose-error").getText()).contains("is required");
        browser.type("#objectionPurpose", "profiling");
        browser.type("#objectionReason", "Does not want a churn model");
        browser.click("#objection-form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/console/customers/" + customer);
        assertThat(browser.find("#objections").getText()).startsWith("profiling, since");
        assertAccessible("360 view with an objection");
        assertThat(vault.get(ADMIN, "/api/v1/customers/" + customer).json().path("objections").toString())
                .contains("\"purpose\":\"profiling\"");

        browser.type("#objectionPurpose", "profiling");
        browser.find("#objection-form input[name=objected][value=false]").click();
        browser.click("#objection-form button[type=submit]");
        assertThat(browser.all("#objections li")).isEmpty();
        assertThat(vault.get(ADMIN, "/api/v1/customers/" + customer).json().path("objections").size()).isZero();
    }

    private String register(String name) {
        return vault.post(ADMIN, "/api/v1/customers", """
                {"fullName": "%s", "email": "%s@example.com"}""".formatted(name, UUID.randomUUID()))
                .json().get("id").asText();
    }

    /** The export the link downloads (a same-origin fetch, as the download's request), and its exportedAt. */
    private String exportedAt(String href) {
        List<?> answer = (List<?>) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.text().then(text => done([r.status, text])));""", href);
        assertThat(answer.get(0)).isEqualTo(200L);
        return vault.bean(JsonMapper.class).readTree((String) answer.get(1)).get("exportedAt").asText();
    }
}
