package org.customervault.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;
import static org.customervault.api.support.RunningVault.PASSWORD;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The console in a real headless Chromium, as its users drive it: signing in as each role, an agent's
 * day with a customer, and what an agent may not open. Every page is checked for Content-Security-Policy
 * violations, which the browser logs: a page that needs an inline script or style is broken.
 */
class ConsoleBrowserTest extends BrowserTests {

    @TempDir
    static Path dataDir;
    private static RunningVault vault;

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir, Map.of("vault.security.rate-limits.searches.limit", 1000));
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
    void aWrongPasswordGetsOneGenericMessageAndEchoesNothing() {
        String wrong = "wrong-" + UUID.randomUUID();
        browser.signIn(AGENT, wrong);

        assertThat(browser.path()).startsWith("/console/login");
        assertThat(browser.find("#login-error").getText()).contains("Wrong user name or password");
        assertThat(browser.driver().getPageSource()).doesNotContain(wrong);
        assertThat(browser.find("#password").getAttribute("value")).isEmpty();
        assertAccessible("sign-in with its error");
        browser.screenshot("login");
    }

    /** The check every test ends with would pass if the browser logged nothing: it does log what the policy blocks. */
    @Test
    void theBrowserReportsWhatThePolicyBlocks() {
        browser.go("/console/login");
        browser.driver().executeScript("var s = document.createElement('script'); s.textContent = 'window.ran = 1;';"
                + " document.body.appendChild(s);");

        assertThat(browser.driver().executeScript("return window.ran === undefined;")).isEqualTo(true);
        assertThat(browser.consoleLog()).anyMatch(line -> line.contains("Content Security Policy"));
    }

    @Test
    void theLanguageFollowsTheBrowserAndCanBeSwitched() {
        browser.go("/console/login");
        assertThat(browser.find("h1").getText()).isEqualTo("Sign in");

        browser.click("a[hreflang=es]");
        assertThat(browser.find("h1").getText()).isEqualTo("Iniciar sesión");
        browser.go("/console/login");
        assertThat(browser.find("h1").getText()).as("kept after the link").isEqualTo("Iniciar sesión");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("es");
    }

    @Test
    void eachRoleSeesTheScreensItMayOpen() {
        for (String user : new String[]{AGENT, COMPLIANCE, ADMIN}) {
            browser.signIn(user, PASSWORD);
            assertThat(browser.path()).isEqualTo("/console");
            assertThat(browser.find("header .user").getText()).isEqualTo(user);
            assertThat(browser.all("header nav a[href='/console/customers']")).hasSize(1);
            assertThat(browser.all("header nav a[href='/console/compliance']")).hasSize(AGENT.equals(user) ? 0 : 1);
            if (!AGENT.equals(user)) {
                browser.go("/console/compliance");
                assertThat(browser.find("h1").getText()).isEqualTo("Compliance");
            }
            browser.signOut();
            assertThat(browser.path()).startsWith("/console/login");
        }
    }

    @Test
    void anAgentIsRefusedTheComplianceAndAdminPages() {
        browser.signIn(AGENT, PASSWORD);
        for (String page : new String[]{"/console/compliance", "/console/compliance/history", "/console/admin"}) {
            browser.go(page);
            assertThat(browser.find("h1").getText()).as(page).isEqualTo("Access denied");
        }
    }

    @Test
    void anAgentRegistersFindsEditsAndSignsOut() throws Exception {
        String email = "marta." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        browser.signIn(AGENT, PASSWORD);

        assertAccessible("home");
        browser.go("/console/customers/new");
        assertAccessible("registration form");
        browser.type("#fullName", "Marta Consola");
        browser.type("#email", email);
        browser.type("#phone", "+5491100000001");
        browser.type("#nationalId", "20-12345678-9");
        browser.click("main form button[type=submit]");
        assertThat(browser.path()).matches("/console/customers/[0-9a-f-]{36}");
        String id = browser.path().substring("/console/customers/".length());
        assertThat(browser.find("h1").getText()).isEqualTo("Marta Consola");
        assertThat(browser.find("#nationalId").getText()).as("masked for an agent").isEqualTo("********");

        vault.awaitReadModels();
        browser.go("/console/customers");
        assertAccessible("customer list");
        browser.screenshot("list");
        browser.type("#q", email);
        WebElement shownBefore = browser.find("#results");
        browser.find("form.search button").click();
        waitFor(() -> isStale(shownBefore) ? Boolean.TRUE : null);
        WebElement found = waitFor(() -> browser.all("#results a").stream()
                .filter(link -> link.getText().equals("Marta Consola")).findFirst().orElse(null));
        assertThat(browser.driver().getCurrentUrl()).as("the search text is in no URL").doesNotContain("marta");
        WebElement listPage = browser.find("html");
        found.click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(15))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(listPage));
        assertThat(browser.path()).isEqualTo("/console/customers/" + id);
        assertAccessible("360 view");
        browser.screenshot("customer");

        browser.click("#edit-link");
        browser.type("#phone", "12345");
        browser.click("main form button[type=submit]");
        assertThat(browser.find("#phone-error").getText()).contains("E.164");
        assertThat(browser.find("#phone").getAttribute("aria-describedby")).isEqualTo("phone-error");
        assertThat(browser.find("#phone").getAttribute("aria-invalid")).isEqualTo("true");
        assertAccessible("edit form with a field error");
        browser.screenshot("edit-error");

        browser.type("#phone", "+5491100000002");
        browser.click("main form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/console/customers/" + id);
        assertThat(browser.find("#phone").getText()).isEqualTo("+5491100000002");

        browser.type("#summary", "Asked for the invoice");
        browser.click("#interaction-form button[type=submit]");
        assertThat(browser.text()).contains("Asked for the invoice");

        browser.signOut();
        assertThat(browser.path()).startsWith("/console/login");
        browser.go("/console/customers/" + id);
        assertThat(browser.path()).as("signed out: back to sign-in").isEqualTo("/console/login");

        String reads = vault.get(COMPLIANCE, "/api/v1/compliance/access-log?subjectId=" + id + "&size=1000").body();
        assertThat(reads).contains("\"customer.view\"").contains("\"customer.timeline\"").contains("\"agent\"");
    }

    @Test
    void anAgentRecordsAPurchaseAndAConsentWithTheApisMessagesBesideTheFields() throws Exception {
        vault.registerNotice("2026-01");
        String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Pablo Compras\"}").json().get("id").asText();
        browser.signIn(AGENT, PASSWORD);
        browser.go("/console/customers/" + id);

        browser.type("#orderRef", "A-1001");
        browser.type("#amount", "42.50");
        browser.type("#currency", "USD");
        browser.click("#purchase-form button[type=submit]");
        assertThat(browser.find("#purchase-totals").getText()).contains("42.50 USD (1)");

        browser.type("#orderRef", "A-1001");
        browser.type("#amount", "1.005");
        browser.type("#currency", "USD");
        browser.click("#purchase-form button[type=submit]");
        assertThat(browser.all(".field-error")).as("a refusal names its field").isNotEmpty();
        assertThat(browser.find("#purchase-totals").getText()).contains("42.50 USD (1)");

        browser.type("#purpose", "marketing-email");
        browser.type("#noticeVersion", "1999-01");
        browser.click("#consent-form button[type=submit]");
        assertThat(browser.find("#noticeVersion-error").getText()).contains("not a registered privacy notice");
        assertThat(browser.find("#noticeVersion").getAttribute("aria-describedby")).isEqualTo("noticeVersion-error");
        assertAccessible("360 view with a refused consent");

        browser.type("#noticeVersion", "2026-01");
        browser.click("#consent-form button[type=submit]");
        assertThat(browser.find("#consents").getText()).contains("marketing-email: granted");

        browser.type("#purpose", "marketing-email");
        browser.type("#noticeVersion", "2026-01");
        browser.find("#consent-form input[name=granted][value=false]").click();
        browser.click("#consent-form button[type=submit]");
        assertThat(browser.find("#consents").getText()).contains("marketing-email: withdrawn");
    }

    @Test
    void inSpanishTheApisRuleIsShownInSpanishBesideItsField() {
        browser.signIn(AGENT, PASSWORD);
        browser.go("/console/customers/new?lang=es");
        browser.type("#fullName", "Lucía Idioma");
        browser.type("#phone", "12345");
        browser.click("main form button[type=submit]");

        assertThat(browser.find("#phone-error").getText()).isEqualTo("debe ser un número E.164, como +5491112345678");
        assertThat(browser.find("#phone").getAttribute("aria-describedby")).isEqualTo("phone-error");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("es");
        assertAccessible("registration form refused, in Spanish");
    }

    /** A consent sent from a 360 view opened before someone else changed the customer changes nothing. */
    @Test
    void aConsentFormLeftOpenWhileTheCustomerChangedIsRefusedAndChangesNothing() {
        vault.registerNotice("2026-01");
        String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Carla Desfasada\"}").json().get("id").asText();
        browser.signIn(AGENT, PASSWORD);
        browser.go("/console/customers/" + id);

        assertThat(vault.patch(ADMIN, "/api/v1/customers/" + id, "{\"phone\": \"+5491100000099\"}").status())
                .isEqualTo(200);
        browser.type("#purpose", "marketing-email");
        browser.type("#noticeVersion", "2026-01");
        browser.click("#consent-form button[type=submit]");

        assertThat(browser.find("#consent-form .error").getText()).contains("nothing was changed");
        assertThat(browser.find("#consents").getText()).doesNotContain("marketing-email");
        assertThat(vault.get(ADMIN, "/api/v1/customers/" + id).json().get("consents")).isEmpty();

        browser.click("#consent-form button[type=submit]");
        assertThat(browser.find("#consents").getText()).as("the page shown after the refusal is current")
                .contains("marketing-email: granted");
    }

    /** The accessibility check every screen passes would pass if axe found nothing: it does find what is broken. */
    @Test
    void theAccessibilityCheckFindsAnUnlabelledInputAndLowContrastText() {
        browser.go("/console/login");
        browser.driver().executeScript("""
                var input = document.createElement('input'); input.id = 'unlabelled';
                var faint = document.createElement('p'); faint.id = 'faint'; faint.textContent = 'Texto tenue';
                faint.style.color = '#bbbbbb';
                document.getElementById('main').append(input, faint);""");

        assertThatThrownBy(() -> assertAccessible("a broken page")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("label").hasMessageContaining("#unlabelled")
                .hasMessageContaining("color-contrast").hasMessageContaining("#faint")
                .as("no page text in the failure").hasMessageNotContaining("Texto tenue");
    }

    /** Signing in and registering a customer with the keyboard alone: every control is reached by Tab, used by Enter. */
    @Test
    void anAgentSignsInAndRegistersWithTheKeyboardAlone() {
        browser.go("/console/login");
        assertThat(focused()).as("the sign-in starts in the user name").isEqualTo(browser.find("#username"));
        keys(AGENT);
        tabTo("#password");
        keys(PASSWORD);
        WebElement loginPage = browser.find("html");
        press(Keys.ENTER);
        awaitReplaced(loginPage);
        assertThat(browser.path()).isEqualTo("/console");
        press(Keys.TAB);
        assertThat(focused()).as("the skip link comes first").isEqualTo(browser.find("a.skip"));
        press(Keys.ENTER);
        assertThat(focused()).as("the skip link moves the focus to the main content").isEqualTo(browser.find("main"));

        followWithKeyboard("main a[href='/console/customers/new']");
        assertThat(browser.path()).isEqualTo("/console/customers/new");
        tabTo("#fullName");
        keys("Teclado Solo");
        tabTo("#phone");
        keys("+5491100000077");
        followWithKeyboard("main form button[type=submit]");
        assertThat(browser.path()).matches("/console/customers/[0-9a-f-]{36}");
        assertThat(browser.find("h1").getText()).isEqualTo("Teclado Solo");
    }

    private WebElement focused() {
        return browser.driver().switchTo().activeElement();
    }

    private void press(CharSequence key) {
        new Actions(browser.driver()).sendKeys(key).perform();
    }

    private void keys(String text) {
        new Actions(browser.driver()).sendKeys(text).perform();
    }

    /** Tabs forward until the element is focused; fails if 40 presses do not reach it (it is not in the tab order). */
    private void tabTo(String css) {
        WebElement target = browser.find(css);
        for (int presses = 0; presses < 40 && !target.equals(focused()); presses++) {
            press(Keys.TAB);
        }
        assertThat(focused()).as(css + " reached with Tab").isEqualTo(target);
    }

    /** Tabs to a link or button and presses Enter, then waits for the page it leads to. */
    private void followWithKeyboard(String css) {
        tabTo(css);
        WebElement page = browser.find("html");
        press(Keys.ENTER);
        awaitReplaced(page);
    }

    private void awaitReplaced(WebElement page) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(15))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(page));
    }

    private static boolean isStale(WebElement element) {
        try {
            element.isDisplayed();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
            return true;
        }
    }

    private static <T> T waitFor(java.util.function.Supplier<T> found) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T value = found.get();
        while (value == null && System.nanoTime() < until) {
            Thread.sleep(200);
            value = found.get();
        }
        assertThat(value).as("found within 10 s").isNotNull();
        return value;
    }
}
