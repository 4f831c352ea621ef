package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.keycloak.DemoUser;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The cluster portal in headless Chromium through the real Keycloak, as the demo
 * {@code cluster-admin}: first without a grant ("no cluster assigned", no data), then with a grant
 * for cluster X of two seeded clusters. Every page is opened, Y's node id and node group id are
 * tried in the node and group pages' URLs, a node group is created and a node put into it, a join
 * request is approved through the step-up round trip (TOTP), and no page's HTML contains Y's names
 * or ids or any certificate serial, key thumbprint or host fingerprint.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClusterPortalBrowserIT extends WithBrowser {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithHelperWar(ClusterSeedServlet.class, OrgFixtures.class, OrgFixtures.Tenant.class,
                OrgFixtures.EnrolledNode.class, TrustFixtures.class);
    }


    @Test
    void aClusterAdminSeesExactlyTheirClusterAndApprovesAJoinWithStepUp() throws Exception {
        DemoUser admin = TestStack.user("cluster-admin");
        post("action=reset&admin=" + admin.username());

        // a. login; without a grant the portal says so and shows no data
        keycloak.logIn("/cluster/", admin);
        assertThat(browser.findElement(By.id("no-cluster")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.id("nav-nodes"))).isEmpty();
        browser.get(TestStack.portalUrl() + "/cluster/nodes.xhtml");
        assertThat(browser.findElement(By.id("no-cluster")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("tr.node-row"))).isEmpty();

        // b. clusters X and Y, a grant for X
        JsonObject seed = post("admin=" + URLEncoder.encode(admin.username(), StandardCharsets.UTF_8));
        List<String> forbidden = seed.getJsonArray("forbidden").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        assertThat(forbidden).hasSizeGreaterThanOrEqualTo(10);

        // c. every page once: X's data is there, nothing forbidden is
        Map<String, String> expected = Map.of("index.xhtml", seed.getString("clusterX"),
                "nodes.xhtml", seed.getString("nodeX"),
                "groups.xhtml", seed.getString("groupX"),
                "node.xhtml?id=" + seed.getString("nodeXId"), "echo-x",
                "join-requests.xhtml", seed.getString("pendingX"),
                "audit.xhtml", "cluster.created");
        for (var page : expected.entrySet()) {
            browser.get(TestStack.portalUrl() + "/cluster/" + page.getKey());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
            String html = browser.getPageSource();
            assertThat(html).as(page.getKey()).contains(page.getValue()).doesNotContain("no-cluster");
            assertForbiddenAbsent(page.getKey(), html, forbidden);
        }
        browser.get(TestStack.portalUrl() + "/cluster/index.xhtml");
        assertThat(browser.findElement(By.cssSelector("span.health-count")).getText())
                .isEqualTo("1");

        // d. Y's node id in the URL: "not found", none of Y's data
        browser.get(TestStack.portalUrl() + "/cluster/node.xhtml?id=" + seed.getString("nodeYId"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("node-not-found")));
        assertThat(browser.findElements(By.id("node-facts"))).isEmpty();
        assertForbiddenAbsent("Y's node through X", browser.getPageSource(), forbidden);

        // d2. Y's node group id in the URL: "not found", none of Y's data
        browser.get(TestStack.portalUrl() + "/cluster/groups.xhtml?group=" + seed.getString("groupYId"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("group-not-found")));
        assertThat(browser.findElements(By.id("group-name"))).isEmpty();
        assertForbiddenAbsent("Y's group through X", browser.getPageSource(), forbidden);

        // d3. a new group, and X's node put into it from the node page
        browser.get(TestStack.portalUrl() + "/cluster/groups.xhtml");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("create:name"))).sendKeys("Rack Browser");
        browser.findElement(By.id("create:createButton")).click();
        wait.until(ExpectedConditions.textToBe(By.id("group-name"), "Rack Browser"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"),
                "The group Rack Browser was created."));
        browser.get(TestStack.portalUrl() + "/cluster/node.xhtml?id=" + seed.getString("nodeXId"));
        wait.until(ExpectedConditions.textToBe(By.id("node-group"), seed.getString("groupX")));
        browser.findElement(By.id("group:groupChoice")).click();
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#group\\:groupChoice_panel li[data-label='Rack Browser']"))).click();
        browser.findElement(By.id("group:assignGroup")).click();
        wait.until(ExpectedConditions.textToBe(By.id("node-group"), "Rack Browser"));
        browser.get(TestStack.portalUrl() + "/cluster/nodes.xhtml");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr.node-row")));
        assertThat(browser.findElement(By.cssSelector("tr.node-row .node-group")).getText()).isEqualTo("Rack Browser");
        browser.get(TestStack.portalUrl() + "/cluster/audit.xhtml");
        assertThat(browser.getPageSource()).contains("node_group.created", "node.group_assigned");

        // e. approve X's pending request: the portal sends the person through Keycloak for TOTP
        String pendingX = seed.getString("pendingX");
        browser.get(TestStack.portalUrl() + "/cluster/join-requests.xhtml");
        wait.until(ExpectedConditions.elementToBeClickable(requestRow(pendingX).findElement(
                By.cssSelector(".approve-button")))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("requests:confirmYes"))).click();
        keycloak.enterOtp(admin);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"),
                "Node " + pendingX + " was approved"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.xpath(rowXpath(pendingX) + "//button"), 0));

        // e2. the other two at once: tick both, "approve selected" (step-up again if the last one has aged)
        for (String name : List.of(pendingX + "-b", pendingX + "-c")) {
            requestRow(name).findElement(By.cssSelector(".select-request .ui-chkbox-box")).click();
        }
        browser.findElement(By.id("requests:approveSelected")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("requests:confirmYes"))).click();
        wait.until(d -> d.getCurrentUrl().startsWith(TestStack.info().keycloakUrl())
                || d.findElement(By.id("growl_container")).getText().contains("2 nodes approved"));
        if (browser.getCurrentUrl().startsWith(TestStack.info().keycloakUrl())) {
            keycloak.enterOtp(admin);
        }
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"), "2 nodes approved"));
        assertThat(browser.findElements(By.cssSelector("tr.join-request .approve-button"))).isEmpty();
        assertThat(HelperServlets.post("/cluster-seed", "action=pending&cluster=" + seed.getString("clusterXId"))
                .getInt("pending")).isZero();

        // f. the audit shows the approval by this person, still without trust material
        browser.get(TestStack.portalUrl() + "/cluster/audit.xhtml");
        String audit = browser.getPageSource();
        assertThat(audit).contains("join_request.approved", "node.certificate_issued", admin.username());
        assertForbiddenAbsent("audit after approval", audit, forbidden);
        assertThat(audit).doesNotContain("serial=", "keyThumbprint=");
    }

    private static String rowXpath(String nodeName) {
        return "//tr[contains(@class,'join-request')][.//span[@class='request-node' and text()='" + nodeName + "']]";
    }

    private WebElement requestRow(String nodeName) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(rowXpath(nodeName))));
    }

    private static void assertForbiddenAbsent(String page, String html, List<String> forbidden) {
        for (String word : forbidden) {
            assertThat(html).as(page + " must not show " + word).doesNotContain(word);
        }
    }

    private static JsonObject post(String form) throws Exception {
        return HelperServlets.post("/cluster-seed", form);
    }

}
