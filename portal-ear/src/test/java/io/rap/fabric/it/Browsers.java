package io.rap.fabric.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and ChromeDriver, headless. Never skipped: a missing browser fails the test
 * with the command that installs it.
 */
final class Browsers {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 1000;

    private Browsers() {
    }

    /** Leaves the last page's HTML and a screenshot in target/browser/ so a failure can be seen, not guessed. */
    static void keepEvidence(WebDriver browser, String name) throws IOException {
        if (browser == null) {
            return;
        }
        Path dir = Path.of("target", "browser");
        Files.createDirectories(dir);
        String base = name.replaceAll("[^A-Za-z0-9]+", "_");
        Files.writeString(dir.resolve(base + ".html"), browser.getCurrentUrl() + "\n" + browser.getPageSource());
        Files.write(dir.resolve(base + ".png"),
                ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    /**
     * Saves the page as {@code docs/screenshots/<name>.png} (e.g. {@code owner-trust}) for the docs'
     * gallery, at a fixed size (1280×1200) so the PNGs stay small and alike, then restores the
     * window size the tests run with.
     */
    static void screenshot(WebDriver browser, String name) throws IOException {
        browser.manage().window().setSize(new Dimension(1280, 1200));
        Path dir = Path.of(System.getProperty(TestStack.REPO_ROOT_PROPERTY, "..")).resolve("docs/screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    }

    /**
     * Opens the owner console's page of the cluster named {@code name}. The cluster table shows
     * its first page only, which the whole suite's clusters fill, so the id comes from the Access
     * page's grant choices, which list every cluster.
     */
    static String openOwnerCluster(WebDriver browser, String name) {
        browser.get(TestStack.portalUrl() + "/owner/access.xhtml");
        String id = browser.findElements(org.openqa.selenium.By.cssSelector("select[id='grant:cluster_input'] option"))
                .stream().filter(option -> name.equals(option.getAttribute("textContent").strip()))
                .map(option -> option.getAttribute("value")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no cluster named " + name));
        browser.get(TestStack.portalUrl() + "/owner/cluster.xhtml?id=" + id);
        return id;
    }

    static WebDriver headlessChromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver: "
                    + "apt-get install -y chromium chromium-driver (./rap-dev test does it)");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=" + WIDTH + "," + HEIGHT, "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
