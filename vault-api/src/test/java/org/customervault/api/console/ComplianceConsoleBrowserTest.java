package org.customervault.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;
import static org.customervault.api.support.RunningVault.PASSWORD;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compliance officer's screens in a real headless Chromium: the history as of a past moment, the export, the
 * erasure with its confirmation and signed certificate, restriction and legal hold, the lists; and an AGENT refused
 * all of them. Every page is checked for Content-Security-Policy violations, as in {@link ConsoleBrowserTest}.
 */
class ComplianceConsoleBrowserTest extends BrowserTests {

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

    @Override
    protected RunningVault vault() {
        return vault;
    }

    @Test
    void anOfficerReadsTheHistoryAsOfAPastMomentExportsAndErasesWithASignedCertificate() throws Exception {
        String oldEmail = "olga." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String id = register("Olga Historia", oldEmail);
        String asOf = aSecondBetweenThisAndTheNextWrite();
        assertThat(vault.patch(ADMIN, "/api/v1/customers/" + id, "{\"email\": \"olga.new@example.com\"}").status())
                .isEqualTo(200);

        browser.signIn(COMPLIANCE, PASSWORD);
        browser.go("/console/customers/" + id);
        browser.click("#compliance-link");
        assertAccessible("a customer's compliance page");
        browser.click("#history-link");
        assertThat(browser.find("#state-email").getText()).isEqualTo("olga.new@example.com");
        assertThat(browser.all("#events tbody tr")).hasSize(2);

        browser.driver().executeScript("document.getElementById('asOf').value = arguments[0];", asOf);
        browser.click("#as-of-form button");
        assertThat(browser.path()).as("a moment, no personal value, in the URL").doesNotContain("olga");
        assertThat(browser.find("#state-email").getText()).as("the state before the rectification").isEqualTo(oldEmail);
        assertThat(browser.all("#events tbody tr")).hasSize(1);
        assertThat(browser.find("#events").getText()).contains("CustomerRegistered").doesNotContain("EmailRectified");
        assertAccessible("history as of a moment");
        browser.screenshot("history");

        List<?> export = fetch("/console/compliance/customers/" + id + "/export");
        assertThat(export.get(0)).isEqualTo(200L);
        assertThat((String) export.get(1)).startsWith("attachment;").contains("customer-" + id + "-export-");
        assertThat((String) export.get(2)).startsWith("application/json");
        assertThat(vault.bean(tools.jackson.databind.json.JsonMapper.class).readTree((String) export.get(3))
                .get("subjectId").asText()).isEqualTo(id);

        browser.go("/console/compliance/customers/" + id);
        browser.click("#erasure-link");
        assertThat(browser.text()).contains("You are about to erase Olga Historia").contains("cannot be undone");
        assertAccessible("erasure confirmation");
        browser.find("#confirmed").click();
        browser.click("#erasure-form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/console/compliance/customers/" + id + "/certificate");
        assertThat(browser.find("#cert-subjectId").getText()).isEqualTo(id);
        assertThat(browser.find("#cert-requestedBy").getText()).isEqualTo(COMPLIANCE);
        assertThat(browser.find("#cert-status").getText()).isEqualTo("Completed");
        assertThat(browser.find("#cert-keyId").getText()).isNotBlank().isNotEqualTo("—");
        assertThat(browser.find("#cert-signature").getText()).as("a compact JWS").matches("ey[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertAccessible("erasure certificate");
        browser.screenshot("certificate");

        List<?> certificate = fetch("/console/compliance/customers/" + id + "/certificate.json");
        assertThat((String) certificate.get(1)).startsWith("attachment;");
        assertThat((String) certificate.get(3)).contains("\"signature\":\"" + browser.find("#cert-signature").getText() + "\"");

        browser.go("/console/compliance/erasures");
        assertThat(browser.find("#ledger").getText()).contains(id);
        assertAccessible("erasure ledger");
        browser.screenshot("erasure-ledger");

        String reads = vault.get(COMPLIANCE, "/api/v1/compliance/access-log?subjectId=" + id + "&actor=" + COMPLIANCE
                + "&size=1000").body();
        assertThat(reads).contains("\"customer.history\"").contains("\"customer.export\"")
                .as("the API's actor filter").doesNotContain("\"actor\":\"" + ADMIN + "\"");
        assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/access-log?subjectId=" + id + "&size=1000").body())
                .as("without the filter, the administrator's read of the rectification is there")
                .contains("\"actor\":\"" + ADMIN + "\"");
        browser.go("/console/compliance/access-log");
        browser.type("#subjectId", id);
        browser.type("#actor", COMPLIANCE);
        browser.click("#access-log-form button[type=submit]");
        assertThat(browser.find("#access-log").getText()).contains("customer.history").contains("customer.export")
                .doesNotContain(ADMIN);
        assertThat(browser.path()).as("the filter was posted").isEqualTo("/console/compliance/access-log");
        assertAccessible("access log filtered");
        browser.screenshot("access-log");
    }

    @Test
    void aLegalHoldRefusesTheErasureAndRestrictionToggles() throws Exception {
        String id = register("Hugo Retenido", "hugo." + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
        browser.signIn(COMPLIANCE, PASSWORD);
        browser.go("/console/compliance/customers/" + id);

        browser.type("#restriction-reason", "Disputes the accuracy");
        browser.click("#restriction-form button[type=submit]");
        assertThat(browser.find("#status").getText()).isEqualTo("Restricted");
        browser.click("#restriction-form button[type=submit]");
        assertThat(browser.find("#status").getText()).isEqualTo("Active");

        browser.type("#hold-reason", "Court order 2026-114");
        browser.click("#hold-form button[type=submit]");
        assertThat(browser.find("#legalHold").getText()).isEqualTo("yes");

        browser.click("#erasure-link");
        browser.find("#confirmed").click();
        browser.click("#erasure-form button[type=submit]");
        assertThat(browser.find("#erasure-error").getText()).contains("legal hold").contains("nothing was erased");
        assertAccessible("erasure refused by a legal hold");
        assertThat(vault.get(ADMIN, "/api/v1/customers/" + id).status()).isEqualTo(200);

        browser.go("/console/compliance/customers/" + id);
        browser.click("#hold-form button[type=submit]");
        assertThat(browser.find("#legalHold").getText()).isEqualTo("no");
    }

    /** A toggle sent from a page opened before someone else changed the customer changes nothing. */
    @Test
    void aRestrictionOrLegalHoldFormLeftOpenWhileTheCustomerChangedIsRefusedAndChangesNothing() {
        String id = register("Rita Desfasada", "rita." + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
        browser.signIn(COMPLIANCE, PASSWORD);

        browser.go("/console/compliance/customers/" + id);
        changedThroughTheApi(id, "rita.1@example.com");
        browser.type("#restriction-reason", "Disputes the accuracy");
        browser.click("#restriction-form button[type=submit]");
        assertThat(browser.find("#restriction-changed").getText()).contains("nothing was changed");
        assertThat(browser.find("#status").getText()).isEqualTo("Active");
        assertThat(vault.get(ADMIN, "/api/v1/customers/" + id).json().get("status").asText()).isEqualTo("ACTIVE");
        assertAccessible("a customer's compliance page with a stale form refused");

        browser.go("/console/compliance/customers/" + id);
        changedThroughTheApi(id, "rita.2@example.com");
        browser.click("#hold-form button[type=submit]");
        assertThat(browser.find("#hold-changed").getText()).contains("nothing was changed");
        assertThat(browser.find("#legalHold").getText()).isEqualTo("no");
        assertThat(vault.get(ADMIN, "/api/v1/customers/" + id).json().get("legalHold").asBoolean()).isFalse();

        browser.click("#hold-form button[type=submit]");
        assertThat(browser.find("#legalHold").getText()).as("the page shown after the refusal is current").isEqualTo("yes");
    }

    private void changedThroughTheApi(String id, String email) {
        assertThat(vault.patch(ADMIN, "/api/v1/customers/" + id, "{\"email\": \"" + email + "\"}").status())
                .isEqualTo(200);
    }

    @Test
    void theRequestsAndTheIntegrityCheckAreShown() {
        String received = java.time.Instant.now().minus(400, ChronoUnit.DAYS).toString();
        assertThat(vault.post(COMPLIANCE, "/api/v1/compliance/requests", """
                {"kind": "access", "jurisdiction": "CO", "channel": "EMAIL", "receivedAt": "%s",
                 "requester": {"name": "Requester", "email": "requester@example.com"}}""".formatted(received)).status())
                .as("an overdue request").isEqualTo(201);
        browser.signIn(COMPLIANCE, PASSWORD);

        browser.go("/console/compliance");
        assertAccessible("compliance home");
        browser.click("#requests-link");
        assertThat(browser.find("#requests tbody tr").getText()).contains("access").contains("overdue");
        assertAccessible("requests");
        browser.screenshot("requests");
        assertThat(browser.driver().getPageSource()).doesNotContain("requester@example.com");

        browser.go("/console/compliance");
        browser.click("#integrity-link");
        assertThat(browser.find("#integrity-result").getText()).startsWith("Intact");
        assertAccessible("integrity check");
        browser.screenshot("integrity");
    }

    @Test
    void anAgentIsRefusedEveryComplianceScreen() {
        String id = register("Iris Negada", "iris." + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
        browser.signIn(AGENT, PASSWORD);

        browser.go("/console/customers/" + id);
        assertThat(browser.all("#compliance-link")).isEmpty();
        for (String page : List.of("/customers/" + id, "/customers/" + id + "/history", "/customers/" + id + "/export",
                "/customers/" + id + "/erasure", "/customers/" + id + "/certificate", "/erasures", "/access-log",
                "/requests", "/integrity")) {
            browser.go("/console/compliance" + page);
            assertThat(browser.find("h1").getText()).as(page).isEqualTo("Access denied");
        }
        assertThat(vault.get(ADMIN, "/api/v1/customers/" + id).status()).isEqualTo(200);
    }

    private String register(String name, String email) {
        return vault.post(ADMIN, "/api/v1/customers", """
                {"fullName": "%s", "email": "%s"}""".formatted(name, email)).json().get("id").asText();
    }

    /**
     * A whole second after the last write and before the next one: the history input takes seconds, and a moment
     * inside the second of either write would be ambiguous. In the server's zone, as the input is.
     */
    private static String aSecondBetweenThisAndTheNextWrite() throws InterruptedException {
        LocalDateTime now = LocalDateTime.now();
        Thread.sleep(1_000 - now.getNano() / 1_000_000 + 100);
        String moment = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Thread.sleep(1_100);
        return moment.length() == "2026-01-31T10:15".length() ? moment + ":00" : moment;
    }

    /** A same-origin fetch from the page, as a download link's request: status, disposition, type and text. */
    private List<?> fetch(String path) {
        return (List<?>) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.text().then(text => done([r.status, r.headers.get('Content-Disposition'),
                    r.headers.get('Content-Type'), text])));""", path);
    }
}
