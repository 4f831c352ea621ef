package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.keycloak.DemoUser;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The owner's Test telemetry page in headless Chromium through the real Keycloak: from the node
 * page's link (which preselects the membership) a heartbeat_detail flag is enabled, shows in the
 * table and on the node page with its source and the node's runtime figures, and is disabled
 * again with the confirmation. Saves {@code docs/screenshots/owner-telemetry.png}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OwnerTelemetryBrowserIT extends WithBrowser {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithHelperWar(TelemetrySeedServlet.class, OrgFixtures.class, OrgFixtures.Tenant.class,
                OrgFixtures.EnrolledNode.class, TrustFixtures.class);
    }


    @Test
    void theOwnerEnablesAFlagForOneNodeSeesItWhereItAppliesAndDisablesIt() throws Exception {
        JsonObject seed = HelperServlets.post("/telemetry-seed", "");
        String nodeId = seed.getString("nodeId");
        String node = seed.getString("node");
        DemoUser owner = TestStack.user("owner");
        keycloak.logIn("/owner/", owner);
        assertThat(browser.findElement(By.id("nav-telemetry")).isDisplayed()).isTrue();

        // the node page: no flag yet, the runtime figures of its latest heartbeat, and the link to enable one
        browser.get(TestStack.portalUrl() + "/owner/node.xhtml?id=" + nodeId);
        WebElement panel = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".node-telemetry")));
        assertThat(panel.getText()).contains(seed.getString("clusterName"), "No flag applies");
        assertThat(panel.findElement(By.cssSelector(".runtime-threads")).getText()).isEqualTo("27");
        assertThat(panel.findElement(By.cssSelector(".runtime-heap")).getText()).isEqualTo("46.0 MiB / 256.0 MiB");
        panel.findElement(By.cssSelector("a.telemetry-enable-link")).click();

        // the form arrives with scope, cluster and node chosen; pick the flag, give a reason
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("enable:reason")));
        assertThat(browser.findElement(By.id("enable:scope_label")).getText()).isEqualTo("Node");
        assertThat(browser.findElement(By.id("enable:node_label")).getText()).startsWith(node);
        choose("enable:flag", "heartbeat_detail – runtime figures in heartbeats");
        browser.findElement(By.id("enable:reason")).sendKeys("browser test: watch the agent's heap");
        browser.findElement(By.id("enable:submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"),
                "heartbeat_detail is on for " + node));

        // newest first: the flag just enabled heads the table (looked up by its target, not its position)
        By row = By.xpath("//tr[contains(@class,'telemetry-row')][.//a[contains(@class,'telemetry-target')"
                + " and starts-with(normalize-space(.), '" + node + "')]]");
        WebElement enabled = wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(enabled.getText()).contains("heartbeat_detail", "Node", owner.username(), "Active",
                "browser test: watch the agent's heap");
        browser.manage().window().setSize(new Dimension(1280, 1200));
        screenshot("owner-telemetry");

        // where it applies: the node page names the flag and its source
        browser.get(TestStack.portalUrl() + "/owner/node.xhtml?id=" + nodeId);
        WebElement effective = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".telemetry-effective-flag[data-flag='heartbeat_detail']")));
        assertThat(effective.getAttribute("data-source")).isEqualTo("node");
        assertThat(effective.getText()).contains("on this node");

        // disable it again, with the confirmation
        browser.get(TestStack.portalUrl() + "/owner/telemetry.xhtml");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row)).findElement(By.cssSelector("button.disable-flag"))
                .click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".ui-confirmdialog-yes"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"),
                "heartbeat_detail is off for " + node));
        wait.until(d -> d.findElement(row).getText().contains("Disabled"));
        browser.get(TestStack.portalUrl() + "/owner/node.xhtml?id=" + nodeId);
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".node-telemetry")))
                .getText()).contains("No flag applies");
    }

    /** Picks the option labelled {@code label} in the PrimeFaces selectOneMenu {@code menuId}. */
    private void choose(String menuId, String label) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(menuId))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[@id='" + menuId + "_items']//li[@data-label='"
                + label + "']"))).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id(menuId + "_panel")));
    }

    /** Saves the page as docs/screenshots/{name}.png. */
    private void screenshot(String name) throws IOException {
        Path dir = Path.of(System.getProperty(TestStack.REPO_ROOT_PROPERTY, "..")).resolve("docs/screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
