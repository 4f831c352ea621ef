package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.keycloak.DemoUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The node page's roles-and-workloads block in a real browser: a real agent enrolls reporting
 * {@code can_relay}, the owner assigns the relay role and places a workload it authorizes, then
 * takes the role away again; the block shows each state and the audit log each change.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DesiredStateBrowserIT extends WithBrowser {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }


    @Test
    void ownerAssignsARolePlacesAWorkloadAndRemovesTheRole() throws Exception {
        DemoUser owner = TestStack.user("owner");
        String suffix = UUID.randomUUID().toString().substring(0, 6);

        keycloak.logIn("/owner/", owner);
        Instant loggedInAt = Instant.now();

        browser.findElement(By.id("nav-clusters")).click();
        String clusterName = "Desired " + suffix;
        type(By.id("create:name"), clusterName);
        type(By.id("create:slug"), "desired-" + suffix);
        browser.findElement(By.id("create:submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"), clusterName));
        String clusterId = Browsers.openOwnerCluster(browser, clusterName);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token:issue"))).click();
        String rawToken = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("raw-token"))).getText().strip();

        Path stateDir = Files.createTempDirectory("agent-desired-it");
        String nodeName = "desired-node-" + suffix;
        Agents.Result enroll = Agents.run("enroll", "--server", TestStack.portalUrl(), "--token", rawToken,
                "--state-dir", stateDir.toString(), "--name", nodeName, "--capability", "can_relay");
        assertThat(enroll.exitCode()).as(enroll.output()).isZero();
        // narrowed to this cluster: other tests' requests may fill the first page
        browser.get(TestStack.portalUrl() + "/owner/join-requests.xhtml?cluster=" + clusterId);
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(
                "//tr[contains(@class,'join-request')][.//span[@class='request-node' and text()='" + nodeName + "']]")));
        // the login's level-2 mark must be stale so approval asks for the code; the fresh mark then covers the rest
        Duration left = Duration.between(Instant.now(),
                loggedInAt.plusSeconds(TestStack.STEP_UP_MAX_AGE_SECONDS + 2));
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis());
        }
        row.findElement(By.cssSelector("button.approve-button")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".ui-confirmdialog-yes"))).click();
        keycloak.enterOtp(owner);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"), nodeName));

        // the Nodes page narrowed to this cluster: other tests' nodes may fill its first page
        browser.get(TestStack.portalUrl() + "/owner/nodes.xhtml?cluster=" + clusterId);
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText(nodeName))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("desired-state")));

        // assign the relay role: the catalog's first role (core-mesh) is preselected, so pick relay
        choose("[id$=':desired:role']", "relay (");
        browser.findElement(By.cssSelector("[id$=':desired:assign']")).click();
        confirmedWith(owner, ExpectedConditions.textToBe(By.cssSelector(".role-assignments .role-status"), "active"));
        assertThat(browser.findElement(By.cssSelector(".role-assignments .role-name")).getText()).isEqualTo("relay");

        // place an echo workload (synthetic.echo, the first type): relay authorizes it
        type(By.cssSelector("[id$=':desired:workloadName']"), "echo");
        type(By.cssSelector("[id$=':desired:settings']"), "port=7443");
        browser.findElement(By.cssSelector("[id$=':desired:setWorkload']")).click();
        confirmedWith(owner, ExpectedConditions.textToBe(By.cssSelector(".desired-workloads .workload-name"), "echo"));
        assertThat(browser.findElement(By.cssSelector(".desired-workloads .workload-desired")).getText())
                .isEqualTo("enabled");
        assertThat(browser.findElement(By.cssSelector(".desired-workloads .workload-authorized")).getText())
                .isEqualTo("relay");
        Browsers.screenshot(browser, "owner-node");

        // remove the role: the workload stays desired but is no longer authorized
        browser.findElement(By.cssSelector(".role-assignments button")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".ui-confirmdialog-yes"))).click();
        confirmedWith(owner, ExpectedConditions.textToBe(By.cssSelector(".role-assignments .role-status"), "disabled"));
        assertThat(browser.findElement(By.cssSelector(".desired-workloads .workload-authorized")).getText())
                .isNotEqualTo("relay");

        browser.findElement(By.id("nav-audit")).click();
        String audit = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit:table"))).getText();
        assertThat(audit).contains("role.assigned", "workload.desired_set", "role.removed");
    }

    /**
     * Waits for the result of a high-risk action. The step-up window of the test stack is short, so
     * on a slow machine the server may ask for the one-time code again first: then enter it.
     */
    private void confirmedWith(DemoUser owner, ExpectedCondition<?> done) throws InterruptedException {
        wait.until(ExpectedConditions.or(done, ExpectedConditions.visibilityOfElementLocated(By.id("otp"))));
        if (!browser.findElements(By.id("otp")).isEmpty()) {
            keycloak.enterOtp(owner);
        }
        wait.until(done);
    }

    /** Picks the option whose label starts with {@code labelPrefix} in a PrimeFaces selectOneMenu. */
    private void choose(String menuCss, String labelPrefix) {
        WebElement menu = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(menuCss)));
        menu.click();
        String panelId = menu.getAttribute("id") + "_items";
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[@id='" + panelId + "']//li[starts-with("
                + "@data-label,'" + labelPrefix + "')]"))).click();
    }

    private void type(By field, String text) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(field));
        input.clear();
        input.sendKeys(text);
    }

}
