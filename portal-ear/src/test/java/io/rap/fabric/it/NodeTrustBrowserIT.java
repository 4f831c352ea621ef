package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.keycloak.DemoUser;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The walking skeleton's thin slice in a real headless Chromium through the real Keycloak:
 * login with password + TOTP, cluster, join token, a real agent enrolling, approval with
 * step-up, heartbeats, status, a node group with the node put into it, audit.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NodeTrustBrowserIT extends WithBrowser {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    private final List<Process> agents = new java.util.ArrayList<>();

    @AfterEach
    void stopAgents() {
        agents.forEach(Process::destroy);
    }

    @Test
    void ownerEnrollsAndApprovesANodeThatThenHeartbeats() throws Exception {
        DemoUser owner = TestStack.user("owner");
        String suffix = UUID.randomUUID().toString().substring(0, 6);

        // a. login through Keycloak with password + TOTP
        keycloak.logIn("/owner/", owner);
        Instant loggedInAt = Instant.now();

        // b. cluster, then a join token shown once
        browser.findElement(By.id("nav-clusters")).click();
        String clusterName = "Browser " + suffix;
        type("create:name", clusterName);
        type("create:slug", "browser-" + suffix);
        type("create:region", "test-region");
        browser.findElement(By.id("create:submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"), clusterName));
        assertThat(browser.findElements(By.cssSelector("[id='clusters:table'] tbody tr"))).isNotEmpty();
        Browsers.screenshot(browser, "owner-clusters");
        String clusterId = Browsers.openOwnerCluster(browser, clusterName);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token:issue")));
        assertThat(browser.findElement(By.id("links-total")).getText()).as("link inventory of a new cluster").isEqualTo("0");
        browser.findElement(By.id("token:issue")).click();
        String rawToken = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("raw-token"))).getText().strip();
        assertThat(rawToken).startsWith("rapjt_");

        // c. a real agent enrolls; the request shows up pending
        Path stateDir = Files.createTempDirectory("agent-browser-it");
        String nodeName = "browser-node-" + suffix;
        Agents.Result enroll = Agents.run("enroll", "--server", TestStack.portalUrl(), "--token", rawToken,
                "--state-dir", stateDir.toString(), "--name", nodeName);
        assertThat(enroll.exitCode()).as(enroll.output()).isZero();
        // the overview's pending number leads to the pending requests; narrowed to this cluster by
        // its link parameter (other tests' requests may fill the first page), then by the filter control
        browser.findElement(By.id("nav-overview")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("card-pending"))).click();
        wait.until(ExpectedConditions.urlContains("/owner/join-requests.xhtml?status=pending"));
        browser.get(TestStack.portalUrl() + "/owner/join-requests.xhtml?status=pending&cluster=" + clusterId);
        By ownRow = By.xpath("//tr[contains(@class,'join-request')][.//span[@class='request-node' and text()='"
                + nodeName + "']]");
        wait.until(ExpectedConditions.presenceOfElementLocated(ownRow));
        assertThat(browser.findElements(By.cssSelector("tr.join-request"))).hasSize(1);
        browser.findElement(By.xpath("//*[@id='requests:status']//*[normalize-space(text())='Approved']")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(ownRow));
        assertThat(browser.findElements(By.cssSelector("tr.join-request"))).isEmpty();
        browser.findElement(By.xpath("//*[@id='requests:status']//*[normalize-space(text())='Pending']")).click();
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(ownRow));
        Browsers.screenshot(browser, "owner-join-requests");
        row = browser.findElement(ownRow);

        // d. approve: high-risk, so the server wants a level-2 authentication no older than its max age
        waitUntilOlderThan(loggedInAt, Duration.ofSeconds(TestStack.STEP_UP_MAX_AGE_SECONDS + 2));
        row.findElement(By.cssSelector("button.approve-button")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".ui-confirmdialog-yes"))).click();
        keycloak.enterOtp(owner); // the step-up round trip: Keycloak asks only for the code
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"), nodeName));
        assertThat(browser.getCurrentUrl()).contains("/owner/join-requests.xhtml").doesNotContain("resume=");

        // e. the agent runs and heartbeats with signed requests; the console shows the node healthy
        agents.add(Agents.start("run", "--state-dir", stateDir.toString(), "--interval", "2"));
        // the Nodes page narrowed to this cluster: other tests' nodes may fill its first page
        browser.get(TestStack.portalUrl() + "/owner/nodes.xhtml?cluster=" + clusterId);
        By health = By.xpath("//tr[.//a[text()='" + nodeName + "']]//span[contains(@class,'node-health')]");
        new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofSeconds(2)).until(d -> {
            d.navigate().refresh();
            List<WebElement> cells = d.findElements(health);
            return !cells.isEmpty() && cells.get(0).getText().equals("healthy");
        });
        browser.findElement(By.linkText(nodeName)).click();
        String nodeId = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("node-id"))).getText();
        assertThat(browser.findElement(By.cssSelector(".last-heartbeat")).getText()).isNotBlank();
        // the link inventory section renders; this node runs no fabric, so it reported no link
        assertThat(browser.findElements(By.cssSelector("[id='links:table'] tr.link-ok, [id='links:table'] tr.link-failing")))
                .isEmpty();
        assertThat(browser.findElements(By.id("links:table"))).hasSize(1);

        Agents.Result status = Agents.run("status", "--json", "--state-dir", stateDir.toString());
        assertThat(status.exitCode()).as(status.output()).isZero();
        JsonObject json = Json.createReader(new StringReader(status.stdout())).readObject();
        assertThat(json.getString("nodeId")).isEqualTo(nodeId);
        assertThat(json.getString("clusterId")).isNotBlank();
        assertThat(json.getString("certificateSerial")).isNotBlank();
        assertThat(Instant.parse(json.getString("certificateNotAfter"))).isAfter(Instant.now().plus(Duration.ofDays(29)));
        assertThat(Instant.parse(json.getString("lastHeartbeatAt"))).isAfter(Instant.now().minusSeconds(60));

        // e2. a node group on the cluster page, and the node put into it from the node page
        browser.get(TestStack.portalUrl() + "/owner/cluster.xhtml?id=" + json.getString("clusterId"));
        type("createGroup:name", "Site " + suffix);
        browser.findElement(By.id("createGroup:createButton")).click();
        wait.until(ExpectedConditions.textToBe(By.id("group-name"), "Site " + suffix));
        Browsers.screenshot(browser, "owner-cluster");
        browser.get(TestStack.portalUrl() + "/owner/node.xhtml?id=" + nodeId);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("membershipForm:memberships:0:groupChoice"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                "#membershipForm\\:memberships\\:0\\:groupChoice_panel li[data-label='Site " + suffix + "']"))).click();
        browser.findElement(By.id("membershipForm:memberships:0:assignGroup")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".membership-group"), "Site " + suffix));
        browser.get(TestStack.portalUrl() + "/owner/cluster.xhtml?id=" + json.getString("clusterId"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#nodes .node-group"), "Site " + suffix));

        // f. every step left its audit event
        browser.findElement(By.id("nav-audit")).click();
        String audit = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit:table"))).getText();
        assertThat(audit).contains("cluster.created", "trust.ca_created", "join_token.created", "join_request.received",
                "join_request.approved", "node.certificate_issued", "node.health_changed", "node_group.created",
                "node.group_assigned");
        browser.findElement(By.id("audit:verify")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit:chain-status"), "intact"));
    }

    private void type(String id, String text) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
        input.clear();
        input.sendKeys(text);
    }

    private static void waitUntilOlderThan(Instant since, Duration age) throws InterruptedException {
        Duration left = Duration.between(Instant.now(), since.plus(age));
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis());
        }
    }
}
