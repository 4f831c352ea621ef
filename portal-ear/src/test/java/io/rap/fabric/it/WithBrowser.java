package io.rap.fabric.it;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every browser IT shares: a fresh headless Chromium per test (no cookies or Keycloak session
 * carried over from another test), a 30-second wait, Keycloak's login pages, and the last page's
 * HTML and screenshot kept in {@code target/browser/} before the browser quits, so a failure can be
 * seen rather than guessed. A subclass's own {@code @AfterEach} runs before this one.
 */
abstract class WithBrowser {

    protected WebDriver browser;
    protected WebDriverWait wait;
    protected KeycloakPages keycloak;

    @BeforeEach
    final void startBrowser() {
        browser = Browsers.headlessChromium();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        keycloak = new KeycloakPages(browser, wait);
    }

    @AfterEach
    final void stopBrowser(TestInfo test) throws IOException {
        try {
            Browsers.keepEvidence(browser, test.getDisplayName());
        } finally {
            if (browser != null) {
                browser.quit();
            }
        }
    }
}
