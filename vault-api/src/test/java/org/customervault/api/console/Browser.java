package org.customervault.api.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver: Selenium Manager is never asked to
 * find or download anything. Without the packages (see .ci/run) the tests fail, saying so.
 */
final class Browser implements AutoCloseable {

    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CHROMIUM = "/usr/bin/chromium";
    /** How long a single element looked for waits to appear, as a page's scripts may still be adding it. */
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final String baseUrl;

    private Browser(String baseUrl, String language) throws IOException {
        if (!new File(CHROMEDRIVER).canExecute() || !new File(CHROMIUM).canExecute()) {
            throw new IllegalStateException("The console's browser tests need Debian's chromium and chromium-driver "
                    + "packages (" + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver, "
                    + "as .ci/run does");
        }
        this.baseUrl = baseUrl;
        this.profile = Files.createTempDirectory("console-chromium");
        this.service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + profile, "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(PATIENCE);
    }

    static Browser open(String baseUrl, String language) {
        try {
            return new Browser(baseUrl, language);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    void go(String path) {
        driver.get(baseUrl + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * What matches on the page once it has loaded, asked without the implicit wait: with it, every
     * assertion that something is absent would spend the whole wait first.
     */
    List<WebElement> all(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(loading -> "complete".equals(driver.executeScript("return document.readyState")));
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        try {
            return driver.findElements(By.cssSelector(css));
        } finally {
            driver.manage().timeouts().implicitlyWait(PATIENCE);
        }
    }

    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    void signIn(String user, String password) {
        go("/console/login");
        type("#username", user);
        type("#password", password);
        click("form.stack button[type=submit]");
    }

    void signOut() {
        click("header form button[type=submit]");
    }

    /** Clicks what leads to another page, and waits until that page has replaced this one. */
    void click(String css) {
        WebElement page = find("html");
        find(css).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(replaced -> isGone(page));
    }

    /**
     * Whether the element's page was replaced. Chromium answers a stale element either as stale or, when the
     * new page is still loading, with an inspector error ("does not belong to the document"): both mean gone.
     */
    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (WebDriverException gone) {
            return true;
        }
    }

    String text() {
        return find("main").getText();
    }

    /** What the page's scripts and the browser itself logged since the last call (a CSP violation is logged here). */
    List<String> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    /** A PNG of the window into {@code console.screenshots} (a directory), only when that property is set. */
    void screenshot(String name) {
        String directory = System.getProperty("console.screenshots");
        if (directory == null || directory.isBlank()) {
            return;
        }
        try {
            Path target = Path.of(directory).resolve(name + ".png");
            Files.createDirectories(target.getParent());
            Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
