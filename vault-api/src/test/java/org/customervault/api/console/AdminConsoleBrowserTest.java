package org.customervault.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;
import static org.customervault.api.support.RunningVault.PASSWORD;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.customervault.api.support.HeldReplay;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The administrator's screens in a real headless Chromium: health, parked events and their retry, an API token
 * issued (its secret shown once, and working) then revoked (and refused), a user created and removed; COMPLIANCE
 * and AGENT refused every one. Every page is checked for Content-Security-Policy violations.
 */
class AdminConsoleBrowserTest extends BrowserTests {

    private static final List<String> PAGES = List.of("", "/health", "/dead-letters", "/tokens", "/users", "/keys",
            "/projections");

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
    void theHealthPageShowsEveryComponentTheActuatorShowsToAnAdmin() {
        browser.signIn(ADMIN, PASSWORD);
        browser.click("#admin-link");
        assertAccessible("administration home");
        browser.click("#health-link");

        // kafka is listed only where vault.kafka.bootstrap-servers is set, which this vault is not
        assertThat(browser.all("#component-kafka")).isEmpty();
        for (String component : List.of("keyStore", "db", "deadLetters", "dataSubjectRequests")) {
            assertThat(browser.find("#component-" + component + " .status").getText()).as(component).isNotBlank();
        }
        assertThat(browser.find("#component-keyStore .status").getText()).isEqualTo("UP");
        assertThat(browser.find("#component-keyStore").getText()).contains("store");
        assertThat(browser.find("#component-deadLetters .status").getText()).isEqualTo("UP");
        assertThat(browser.find("#component-dataSubjectRequests").getText()).contains("overdue");
        assertThat(browser.find("#health-status").getText()).startsWith("The vault as a whole:");
        assertThat(browser.find("#processors").getText()).as("each processor's lag").contains("customer-view");
        assertAccessible("health");
        browser.screenshot("health");
    }

    @Test
    void theParkedEventsPageRendersEmptyAndItsRetryAnswersWithTheCounts() {
        browser.signIn(ADMIN, PASSWORD);
        browser.go("/console/admin/dead-letters");
        assertThat(browser.find("#no-events").getText()).isEqualTo("No event is parked.");
        assertAccessible("parked events");
        browser.screenshot("dead-letters");

        browser.click("#retry-form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/console/admin/dead-letters/retry");
        assertThat(browser.find("#retry-result").getText()).contains("handed to its read model again");
        assertThat(browser.find("#no-events").isDisplayed()).isTrue();
    }

    @Test
    void aTokenIssuedShowsItsSecretOnceWorksAndStopsWorkingWhenRevoked() throws Exception {
        String name = "crm-" + UUID.randomUUID().toString().substring(0, 8);
        browser.signIn(ADMIN, PASSWORD);
        browser.go("/console/admin/tokens");
        browser.type("#token-name", name);
        browser.find("#role-AGENT").click();
        browser.click("#token-form button[type=submit]");

        String secret = browser.find("#token-secret").getText();
        assertThat(secret).hasSizeGreaterThan(20);
        assertThat(browser.path()).as("posted; no secret in the address").isEqualTo("/console/admin/tokens")
                .doesNotContain(secret);
        assertThat(browser.driver().getPageSource().split(java.util.regex.Pattern.quote(secret), -1)).as("shown once")
                .hasSize(2);
        assertThat(bearer(secret)).as("the token works").isEqualTo(200);
        assertAccessible("token issued with its secret");

        browser.go("/console/admin/tokens");
        assertThat(browser.all("#token-secret")).as("never shown again").isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(secret);
        browser.click("#token-" + name + " .revoke-form button");
        assertThat(browser.find("#token-" + name + " .revoked").getText()).contains("(" + ADMIN + ")");
        assertThat(browser.all("#token-" + name + " .revoke-form")).isEmpty();
        assertThat(bearer(secret)).as("revoked at once").isEqualTo(401);
        assertAccessible("token list with a revoked token");
        browser.screenshot("tokens");

        browser.type("#token-name", name);
        browser.find("#role-AGENT").click();
        browser.click("#token-form button[type=submit]");
        assertThat(browser.find("#tokens-error").getText()).contains("never reused");
        assertThat(browser.all("#token-secret")).isEmpty();
    }

    @Test
    void aUserCreatedSignsInAndARemovedOneCannot() {
        String name = "ines." + UUID.randomUUID().toString().substring(0, 8);
        String password = "a-long-enough-passphrase-" + UUID.randomUUID().toString().substring(0, 4);
        browser.signIn(ADMIN, PASSWORD);
        browser.go("/console/admin/users");
        browser.type("#user-name", name);
        browser.type("#user-password", "short");
        browser.find("#user-role-AGENT").click();
        browser.click("#user-form button[type=submit]");
        assertThat(browser.find("#user-password").getAttribute("aria-describedby")).isEqualTo("password-error");
        assertThat(browser.find("#password-error").getText()).isNotBlank();
        assertAccessible("users with a refused form");
        assertThat(browser.driver().getPageSource()).as("a password is never shown back").doesNotContain("value=\"short\"");

        browser.type("#user-password", password);
        browser.find("#user-role-AGENT").click();
        browser.click("#user-form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/console/admin/users").doesNotContain(password);
        assertThat(browser.find("#users").getText()).contains(name).contains("AGENT");
        assertAccessible("users");
        browser.screenshot("users");
        assertThat(vault.get(name, password, "/api/v1/customers").status()).isEqualTo(200);

        browser.click("#users form.remove-form button");
        assertThat(browser.driver().getPageSource()).doesNotContain(name);
        assertThat(vault.get(name, password, "/api/v1/customers").status()).isEqualTo(401);
    }

    @Test
    void aUsersRolesAndPasswordAreChangedFromTheUsersPage() {
        String name = "rolf." + UUID.randomUUID().toString().substring(0, 8);
        String oldPassword = "the-first-long-passphrase-" + UUID.randomUUID().toString().substring(0, 4);
        String newPassword = "the-second-long-passphrase-" + UUID.randomUUID().toString().substring(0, 4);
        assertThat(vault.post(ADMIN, "/api/v1/admin/users", """
                {"name": "%s", "password": "%s", "roles": ["AGENT"]}""".formatted(name, oldPassword)).status())
                .isEqualTo(201);
        assertThat(vault.get(name, oldPassword, "/api/v1/compliance/erasures").status()).as("an AGENT").isEqualTo(403);
        browser.signIn(ADMIN, PASSWORD);
        browser.go("/console/admin/users");

        new Select(browser.find("#change-name")).selectByValue(name);
        browser.find("#change-role-COMPLIANCE").click();
        browser.click("#change-form button[type=submit]");
        assertThat(browser.find("#user-changed").isDisplayed()).isTrue();
        assertThat(vault.get(name, oldPassword, "/api/v1/compliance/erasures").status()).as("now COMPLIANCE").isEqualTo(200);
        assertThat(vault.get(name, oldPassword, "/api/v1/customers").status()).isEqualTo(200);

        new Select(browser.find("#change-name")).selectByValue(name);
        browser.type("#change-password", "short");
        browser.click("#change-form button[type=submit]");
        assertThat(browser.find("#change-password").getAttribute("aria-describedby")).isEqualTo("change-password-error");
        assertThat(browser.find("#change-password-error").getText()).contains("at least");
        assertThat(browser.driver().getPageSource()).as("a password is never shown back").doesNotContain("value=\"short\"");
        assertAccessible("users with a refused change");
        assertThat(vault.get(name, oldPassword, "/api/v1/customers").status()).as("nothing changed").isEqualTo(200);

        new Select(browser.find("#change-name")).selectByValue(name);
        browser.type("#change-password", newPassword);
        browser.click("#change-form button[type=submit]");
        assertThat(browser.path()).doesNotContain(newPassword);
        assertThat(vault.get(name, oldPassword, "/api/v1/customers").status()).as("the old password").isEqualTo(401);
        assertThat(vault.get(name, newPassword, "/api/v1/compliance/erasures").status())
                .as("the new password, the roles kept").isEqualTo(200);
    }

    @Test
    void aTokensExpiryIsRefusedInThePastAndListedOtherwise() throws Exception {
        String name = "expiring-" + UUID.randomUUID().toString().substring(0, 8);
        browser.signIn(ADMIN, PASSWORD);
        browser.go("/console/admin/tokens");

        browser.type("#token-name", name);
        browser.find("#role-AGENT").click();
        typeDateTime("#token-expiresAt", LocalDateTime.now().minusDays(1));
        browser.click("#token-form button[type=submit]");
        assertThat(browser.find("#expiresAt-error").getText()).isEqualTo("must be in the future");
        assertThat(browser.find("#token-expiresAt").getAttribute("aria-describedby")).isEqualTo("expiresAt-error");
        assertThat(browser.all("#token-secret")).as("no token issued").isEmpty();
        assertThat(vault.get(ADMIN, "/api/v1/admin/tokens").body()).doesNotContain(name);
        assertAccessible("tokens with a refused expiry");

        LocalDateTime expiry = LocalDateTime.now().plusDays(2).withNano(0);
        browser.type("#token-name", name);
        browser.find("#role-AGENT").click();
        typeDateTime("#token-expiresAt", expiry);
        browser.click("#token-form button[type=submit]");
        String secret = browser.find("#token-secret").getText();
        assertThat(bearer(secret)).isEqualTo(200);
        assertThat(browser.find("#token-" + name + " .expires").getText()).as("in the server's zone, the zone named")
                .startsWith(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(expiry))
                .endsWith(java.time.format.DateTimeFormatter.ofPattern("z").format(expiry.atZone(java.time.ZoneId.systemDefault())));
        assertThat(vault.get(ADMIN, "/api/v1/admin/tokens").body())
                .contains(expiry.atZone(java.time.ZoneId.systemDefault()).toInstant().toString());
    }

    /** A datetime-local input takes keys in the browser's own format: its value is set as the form would send it. */
    private void typeDateTime(String css, LocalDateTime moment) {
        browser.driver().executeScript("document.querySelector(arguments[0]).value = arguments[1];", css,
                moment.withNano(0).toString());
    }

    /** The search-token key rotation's page follows it by itself (htmx, every second) until it completes. */
    @Test
    void keysAreRotatedAndTheSearchKeysRotationIsFollowedUntilItCompletes() {
        for (int i = 0; i < 3; i++) {
            vault.post(ADMIN, "/api/v1/customers", "{\"fullName\": \"Rota Clave " + i + "\"}");
        }
        browser.signIn(ADMIN, PASSWORD);
        browser.click("#admin-link");
        browser.click("#keys-link");
        browser.click("#wrapping-form button[type=submit]");
        assertThat(browser.find("#wrapping-result").getText()).contains("Data keys re-wrapped");
        assertThat(Long.parseLong(browser.find("#rewrapped").getText())).isGreaterThanOrEqualTo(3);
        assertAccessible("keys after a rotation");
        browser.screenshot("keys");

        browser.click("#blind-index-form button[type=submit]");
        assertThat(browser.path()).matches("/console/admin/keys/blind-index/[0-9a-f-]{36}");
        // htmx replaces the progress every second: the state read may be of an element just swapped out
        new WebDriverWait(browser.driver(), Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class)
                .until(driver -> browser.find("#rotation-state").getText().equals("Completed"));
        assertThat(browser.path()).as("followed in place, without reloading").matches("/console/admin/keys/blind-index/.*");
        String count = browser.find("#rotation-count").getText();
        assertThat(count.substring(0, count.indexOf(' '))).isEqualTo(count.substring(count.lastIndexOf(' ') + 1));
        assertAccessible("search-token key rotation completed");
    }

    /**
     * A rebuild started from its page; then one held back, which the page shows replaying, refuses a
     * second rebuild for, and follows by itself (htmx, every second, no reload) until it has caught up.
     */
    @Test
    void theReadModelsAreRebuiltAndTheirReplayIsFollowedUntilItHasCaughtUp() throws Exception {
        Seeder.register(vault, 3_000, (id, n) -> new RegisterCustomerCommand(id, "Reconstruida " + n, null, null, null,
                null, null, null));
        browser.signIn(ADMIN, PASSWORD);
        browser.click("#admin-link");
        browser.click("#projections-link");
        awaitCaughtUp();
        assertAccessible("read models");
        browser.find("#confirmed").click();
        browser.click("#rebuild-form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/console/admin/projections");
        awaitCaughtUp();

        try (HeldReplay held = HeldReplay.start(vault)) {
            browser.go("/console/admin/projections");
            new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class).until(driver ->
                    browser.find("#processor-customer-view .processor-status").getText().equals("Rebuilding"));
                    browser.screenshot("read-models-rebuilding");
            browser.find("#confirmed").click();
            browser.click("#rebuild-form button[type=submit]");
            assertThat(browser.find("#rebuild-refused").getText()).contains("already under way");
            assertAccessible("read models with a refused rebuild");
            browser.go("/console/admin/projections");
            assertThat(browser.find("#processor-customer-view .processor-status").getText()).isEqualTo("Rebuilding");
            ((JavascriptExecutor) browser.driver()).executeScript("window.notReloaded = true");
        }
        awaitCaughtUp();
        assertThat(((JavascriptExecutor) browser.driver()).executeScript("return window.notReloaded"))
                .as("followed in place, without reloading").isEqualTo(true);
        assertThat(browser.all("#processors tbody tr")).hasSize(2);
    }

    private void awaitCaughtUp() {
        // htmx swaps the table while the statuses are read
        new WebDriverWait(browser.driver(), Duration.ofSeconds(120)).ignoring(StaleElementReferenceException.class)
                .until(driver -> browser.all(".processor-status")
                .stream().allMatch(status -> status.getText().equals("Caught up")));
    }

    @Test
    void complianceAndAgentsGetTheDeniedPageForEveryAdminScreen() {
        for (String user : List.of(COMPLIANCE, AGENT)) {
            browser.signIn(user, PASSWORD);
            assertThat(browser.all("#admin-link")).as(user).isEmpty();
            for (String page : PAGES) {
                browser.go("/console/admin" + page);
                assertThat(browser.find("h1").getText()).as(user + " " + page).isEqualTo("Access denied");
            }
            browser.signOut();
        }
    }

    private int bearer(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(vault.baseUrl() + "/api/v1/customers"))
                .header("Authorization", "Bearer " + token).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
