package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.keycloak.DemoUser;
import io.rap.fabric.devstack.keycloak.Totp;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
 * The owner console's fleet pages in headless Chromium through the real Keycloak: Overview, Health
 * and alerts, and Compare show the seeded fleet ({@link FleetFixtures}); a number clicked lands on
 * the filtered list behind it; a bad filter value in a link gets a clear message, not an error page.
 * Screenshots of each page go to {@code docs/screenshots/owner-<page>.png}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OwnerFleetBrowserIT extends WithBrowser {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithHelperWar(FleetSeedServlet.class, FleetFixtures.class, FleetFixtures.Node.class,
                FleetFixtures.Fleet.class, TrustFixtures.class);
    }


    @Test
    void overviewHealthAndCompareShowTheFleetAndEveryNumberLeadsToItsList() throws Exception {
        JsonObject seed = seed();
        String clusterA = seed.getString("clusterA");
        String clusterB = seed.getString("clusterB");
        DemoUser owner = TestStack.user("owner");

        // a. login through Keycloak with password + TOTP; the overview shows the risky states
        browser.get(TestStack.portalUrl() + "/owner/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(owner.username());
        browser.findElement(By.id("password")).sendKeys(owner.password());
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("otp")))
                .sendKeys(Totp.unusedCode(owner.totpSecretBase32()));
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.textToBe(By.id("current-user"), owner.username()));
        for (String risk : List.of("risk-clusters", "risk-coverage", "risk-silent", "risk-certificates", "risk-workloads")) {
            assertThat(value(By.id(risk))).as(risk).isGreaterThanOrEqualTo(1);
            assertThat(browser.findElement(By.id(risk)).getAttribute("class")).as(risk).contains("rap-risk");
        }
        assertThat(value(By.id("card-clusters"))).isGreaterThanOrEqualTo(2);
        assertThat(browser.findElement(By.id("overview:coverage")).getText()).contains(clusterA, "core-mesh");
        Browsers.screenshot(browser, "owner-overview");

        // b. a number leads to its list: silent nodes, filtered in SQL
        browser.findElement(By.id("risk-silent")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("node-filters")));
        assertThat(browser.getCurrentUrl()).contains("/owner/nodes.xhtml").contains("health=silent").contains("status=active");
        List<WebElement> health = browser.findElements(By.cssSelector("#nodes\\:table .node-health"));
        assertThat(health).isNotEmpty().allSatisfy(cell -> assertThat(cell.getText()).isEqualTo("silent"));
        assertThat(browser.findElement(By.id("nodes:table")).getText()).contains(seed.getString("a1"));

        // c. compare: clusters side by side, with the seeded numbers
        browser.findElement(By.id("nav-compare")).click();
        WebElement rowA = row(clusterA);
        assertThat(rowA.findElement(By.cssSelector(".compare-health-healthy a")).getText()).isEqualTo("1");
        assertThat(rowA.findElement(By.cssSelector(".compare-health-degraded a")).getText()).isEqualTo("1");
        assertThat(rowA.findElement(By.cssSelector(".compare-health-silent a")).getText()).isEqualTo("1");
        assertThat(rowA.findElement(By.cssSelector(".compare-members-active a")).getText()).isEqualTo("3");
        assertThat(rowA.findElement(By.cssSelector(".compare-cpu")).getText()).startsWith("6 ");
        assertThat(rowA.findElement(By.cssSelector(".compare-missing")).getText()).isEqualTo("core-mesh");
        assertThat(rowA.getText()).contains("process: 1", "synthetic.echo: 1");
        WebElement rowB = row(clusterB);
        assertThat(rowB.findElement(By.cssSelector(".compare-authority")).getText()).isEqualTo("minority_partition");
        assertThat(rowB.findElement(By.cssSelector(".compare-term")).getText()).isEqualTo("2");
        Browsers.screenshot(browser, "owner-compare");

        // d. cluster A's silent number: exactly its silent node
        rowA.findElement(By.cssSelector(".compare-health-silent a")).click();
        wait.until(ExpectedConditions.urlContains("health=silent"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#nodes\\:table tbody tr"));
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.getText()).contains(seed.getString("a1"), "silent"));
        Browsers.screenshot(browser, "owner-nodes-filtered");

        // e. cluster A's failed workload: the alert behind it, with severity and age
        browser.findElement(By.id("nav-compare")).click();
        row(clusterA).findElement(By.cssSelector(".compare-state-failed a")).click();
        wait.until(ExpectedConditions.urlContains("kind=workload_failed"));
        List<WebElement> alerts = browser.findElements(By.cssSelector("tr.alert"));
        assertThat(alerts).singleElement().satisfies(r -> {
            assertThat(r.getAttribute("class")).contains("severity-critical");
            assertThat(r.getText()).contains(seed.getString("failedWorkload"), seed.getString("a2"), "ago");
        });

        // f. health and alerts: every kind of the seeded cluster, and the heartbeat chart
        browser.get(TestStack.portalUrl() + "/owner/health.xhtml?cluster=" + seed.getString("clusterAId"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#heartbeat-chart canvas")));
        assertThat(browser.findElements(By.cssSelector("tr.alert")).stream()
                .map(r -> r.getAttribute("class").replaceAll(".*alert-([a-z_]+).*", "$1")).toList())
                .containsExactly("role_coverage_gap", "workload_failed", "node_silent", "certificate_expiring");
        assertThat(browser.findElements(By.cssSelector("tr.heartbeat-hour"))).hasSize(24);
        browser.findElement(By.id("nav-health")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#heartbeat-chart canvas")));
        // fleet-wide the most severe come first (other tests' alerts may fill the first page)
        assertThat(browser.findElements(By.cssSelector("tr.alert")).get(0).getAttribute("class"))
                .contains("severity-critical");
        Browsers.screenshot(browser, "owner-health");

        // g. a bad value in a link: a clear message, nothing listed, no error page
        browser.get(TestStack.portalUrl() + "/owner/nodes.xhtml?health=sick");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("filter-error"))).getText())
                .contains("Unknown health");
        assertThat(browser.findElements(By.cssSelector("#nodes\\:table .node-link"))).isEmpty();
        browser.get(TestStack.portalUrl() + "/owner/health.xhtml?kind=fire&cluster=nope");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("filter-error"))).getText())
                .isNotBlank();
    }

    private WebElement row(String clusterName) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(
                "//tr[contains(@class,'compare-row')][.//a[contains(@class,'compare-cluster') and text()='"
                        + clusterName + "']]")));
    }

    private long value(By card) {
        return Long.parseLong(browser.findElement(card).findElement(By.cssSelector(".value")).getText().strip());
    }

    private static JsonObject seed() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestStack.portalUrl()
                        + Deployments.HELPER_CONTEXT_ROOT + "/fleet-seed"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(120)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.createReader(new StringReader(response.body())).readObject();
    }
}
