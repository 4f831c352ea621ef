package io.rap.fabric.it;

import io.rap.fabric.devstack.keycloak.DemoUser;
import io.rap.fabric.devstack.keycloak.Totp;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The real Keycloak's pages as a browser test meets them: the login form, and the one-time code
 * form at login and at every step-up. Codes come from {@link Totp#unusedCode}: Keycloak refuses a
 * code used twice in one period, also by another test's browser.
 */
final class KeycloakPages {

    private final WebDriver browser;
    private final WebDriverWait wait;

    KeycloakPages(WebDriver browser, WebDriverWait wait) {
        this.browser = browser;
        this.wait = wait;
    }

    /**
     * Opens a portal ({@code "/owner/"}, {@code "/cluster/"}, {@code "/org/"}), logs in with the
     * password, gives the one-time code when Keycloak asks for one, and waits for the portal to
     * name the person.
     */
    void logIn(String portalPath, DemoUser user) throws InterruptedException {
        browser.get(TestStack.portalUrl() + portalPath);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(user.username());
        browser.findElement(By.id("password")).sendKeys(user.password());
        browser.findElement(By.id("kc-login")).click();
        By named = By.id("current-user");
        wait.until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(named),
                ExpectedConditions.visibilityOfElementLocated(By.id("otp"))));
        if (!browser.findElements(By.id("otp")).isEmpty()) {
            enterOtp(user);
        }
        wait.until(ExpectedConditions.textToBe(named, user.username()));
    }

    /** Answers Keycloak's one-time code form with a code not used before in this browser. */
    void enterOtp(DemoUser user) throws InterruptedException {
        WebElement otp = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("otp")));
        otp.sendKeys(Totp.unusedCode(user.totpSecretBase32()));
        browser.findElement(By.id("kc-login")).click();
    }
}
