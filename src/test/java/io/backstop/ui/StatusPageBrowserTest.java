package io.backstop.ui;

import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.support.Daemons;
import io.backstop.support.SqliteFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status page in a real browser (Debian's chromium, driven through its chromedriver): a daemon with a healthy and
 * a failing target; the rendered text, no filesystem path without the key, a layout that fits a phone, and the Run now
 * button that starts a run with the key and is refused without it. Screenshots are kept in target/ui-screenshots/.
 */
class StatusPageBrowserTest {
    static final String KEY = "ui-test-key";
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    @TempDir
    Path tmp;
    EmbeddedServer server;
    WebDriver browser;

    @BeforeEach
    void daemonAndBrowser() throws Exception {
        Path broken = tmp.resolve("broken.db");
        Map<String, Object> config = new HashMap<>(Daemons.appIn(tmp));
        config.put("backstop.targets.broken.engine", "sqlite");
        config.put("backstop.targets.broken.connection.path", SqliteFixture.create(broken, "DELETE", 10).toString());
        config.put("backstop.api-key", KEY);
        server = ApplicationContext.run(EmbeddedServer.class, config, "test");
        ApplicationContext ctx = server.getApplicationContext();
        Daemons.backUp(ctx, "app");
        Daemons.backUp(ctx, "app");
        Files.writeString(broken, "this is not a database ".repeat(200)); // its next run fails
        var failed = ctx.getBean(io.backstop.schedule.RunCoordinator.class).runNow(
                ctx.getBean(io.backstop.config.Targets.class).find("broken").orElseThrow(), io.backstop.schedule.Trigger.CLI);
        assertEquals(RunStatus.FAILED, failed.status());

        Path chromium = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        assertTrue(Files.isExecutable(chromium) && Files.isExecutable(driver),
                "chromium and chromedriver are needed (Debian: apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve("chromium-profile"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build(), options);
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theStatusPageShowsEveryTargetAndRunsNowOnlyWithTheKey() throws Exception {
        browser.get(server.getURL() + "/");
        String text = browser.findElement(By.tagName("body")).getText();
        String app = browser.findElement(By.id("target-app")).getText();
        String broken = browser.findElement(By.id("target-broken")).getText();
        assertTrue(app.contains("healthy") && app.contains("newest good") && app.contains("run 2,"), app);
        assertTrue(app.contains("restore: backstop restore 2 --to COPY.db"), app);
        assertTrue(app.contains("2 good runs: size up to"), "the chart's caption: " + app);
        assertTrue(broken.contains("failing") && broken.contains("not a database"), broken);
        assertFalse(browser.getPageSource().contains(tmp.toString()), "no filesystem path without the key");
        assertEquals(2, browser.findElements(By.cssSelector("#target-app svg polyline")).size());
        screenshot("status-desktop");

        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertTrue(overflow <= 0, "at phone width the page does not scroll sideways (" + overflow + " px)");
        screenshot("status-phone");
        browser.manage().window().setSize(new Dimension(1280, 1000));

        Catalog catalog = server.getApplicationContext().getBean(Catalog.class);
        long before = catalog.recent("app", 100).size();
        runNow("wrong-key");
        assertTrue(browser.findElement(By.className("notice")).getText().contains("refused: missing or wrong X-API-Key"),
                browser.findElement(By.tagName("body")).getText());
        assertEquals(before, catalog.recent("app", 100).size(), "refused: no run started");

        runNow(KEY);
        String notice = browser.findElement(By.className("notice")).getText();
        assertTrue(notice.startsWith("started run 4 of app"), notice);
        long deadline = System.currentTimeMillis() + 30_000;
        while (catalog.find(4).map(r -> r.status() != RunStatus.SUCCEEDED).orElse(true) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(RunStatus.SUCCEEDED, catalog.find(4).orElseThrow().status(), "the page's button ran a backup");
        browser.get(server.getURL() + "/ui");
        assertTrue(browser.findElement(By.id("target-app")).getText().contains("restore: backstop restore 4"), "the new run is listed");
        screenshot("status-after-run");

        WebElement detailsKey = browser.findElement(By.cssSelector("form[action='/ui'] input[name=key]"));
        detailsKey.sendKeys(KEY);
        WebElement shown = browser.findElement(By.tagName("html"));
        detailsKey.submit();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(shown));
        assertTrue(browser.getPageSource().contains(tmp.toString()), "with the key, messages keep their paths");

        HttpResponse<String> off = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.getURL().toURI().resolve("/ui"))
                .POST(HttpRequest.BodyPublishers.ofString("key=" + KEY)).header("Content-Type", "application/x-www-form-urlencoded")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, off.statusCode());
        assertTrue(text.contains("Backstop"), text);
    }

    @Test
    void theUiCanBeTurnedOff() throws Exception {
        Map<String, Object> config = new HashMap<>(Daemons.appIn(Files.createDirectories(tmp.resolve("off"))));
        config.put("backstop.ui", "off");
        try (EmbeddedServer off = ApplicationContext.run(EmbeddedServer.class, config, "test")) {
            for (String path : new String[] {"/", "/ui"}) {
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(off.getURL().toURI().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(404, response.statusCode(), path);
            }
        }
    }

    /** Clicks the app target's Run now with the key, and waits for the page the form leads to. */
    private void runNow(String key) {
        WebElement page = browser.findElement(By.tagName("html"));
        WebElement form = browser.findElement(By.cssSelector("#target-app form"));
        WebElement input = form.findElement(By.name("key"));
        input.clear();
        input.sendKeys(key);
        form.findElement(By.xpath(".//button[text()='Run now']")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.stalenessOf(page));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.className("notice")));
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
