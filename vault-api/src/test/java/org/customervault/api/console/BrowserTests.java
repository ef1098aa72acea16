package org.customervault.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests that drive the console in a real browser: a fresh browser for each test, and when the test ends its log
 * is checked for Content-Security-Policy violations (a page that needs an inline script or style is broken).
 */
abstract class BrowserTests {

    protected Browser browser;

    /** The vault the test class started. */
    protected abstract RunningVault vault();

    @BeforeEach
    void openBrowser() {
        browser = Browser.open(vault().baseUrl(), "en-US");
    }

    /** Fails on any WCAG 2 A or AA violation axe-core finds on the page shown now ({@link Accessibility}). */
    protected void assertAccessible(String screen) {
        Accessibility.assertAccessible(browser, screen);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        try {
            assertThat(browser.consoleLog()).noneMatch(line -> line.contains("Content Security Policy"));
        } finally {
            browser.close();
        }
    }
}
