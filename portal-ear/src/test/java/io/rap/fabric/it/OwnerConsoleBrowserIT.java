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
import java.time.Instant;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The owner console's audit, trust and service workload pages in headless Chromium through the
 * real Keycloak, on data seeded through the domain: each page renders the seeded data and one
 * action works end to end (audit: filter and CSV export; trust: revoke a certificate and request a
 * rotation, each through the step-up one-time code; workloads: filter and disable a workload). Each page's screenshot is
 * saved to {@code docs/screenshots/owner-<page>.png} ({@link Browsers#screenshot}).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OwnerConsoleBrowserIT extends WithBrowser {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithHelperWar(OwnerConsoleSeedServlet.class, OrgFixtures.class,
                OrgFixtures.Tenant.class, OrgFixtures.EnrolledNode.class, TrustFixtures.class);
    }


    @Test
    void auditTrustAndWorkloadPagesShowSeededDataAndActEndToEnd() throws Exception {
        JsonObject seed = seed();
        String clusterId = seed.getString("clusterId");
        DemoUser owner = TestStack.user("owner");

        browser.get(TestStack.portalUrl() + "/owner/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(owner.username());
        browser.findElement(By.id("password")).sendKeys(owner.password());
        browser.findElement(By.id("kc-login")).click();
        enterOtp(owner);
        wait.until(ExpectedConditions.textToBe(By.id("current-user"), owner.username()));
        Instant loggedInAt = Instant.now();

        // 1. audit: filter by cluster and event type, export exactly that, verify the chain
        browser.findElement(By.id("nav-audit")).click();
        choose("audit:cluster", seed.getString("clusterName"));
        type(By.id("audit:type"), "node.certificate_issued");
        browser.findElement(By.id("audit:filter")).click();
        wait.until(d -> d.findElements(By.cssSelector("#audit\\:table tr.audit-row")).size() == 2);
        String table = browser.findElement(By.id("audit:table")).getText();
        assertThat(table).contains("node.certificate_issued", seed.getString("alphaId"))
                .doesNotContain("cluster.created");
        String href = browser.findElement(By.id("export")).getAttribute("href");
        assertThat(href).contains("/owner/audit/export?cluster=" + clusterId).contains("type=node.certificate_issued");
        String[] download = fetch(href).split("\n", 3);
        assertThat(download[0]).isEqualTo("200");
        assertThat(download[1]).matches("attachment; filename=\"rap-audit-\\d{4}-\\d{2}-\\d{2}T\\d{6}Z\\.csv\"");
        List<String> lines = download[2].lines().toList();
        assertThat(lines.get(0)).isEqualTo("sequence,occurred_at,event_type,actor,actor_kind,cluster_id,node_id,"
                + "target_type,target_id,details");
        assertThat(lines).hasSize(3);
        assertThat(download[2]).contains(seed.getString("alphaId"), "serial=" + seed.getString("alphaSerial"),
                "serial=" + seed.getString("betaSerial")).doesNotContain("cluster.created");
        browser.findElement(By.id("audit:verify")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit:chain-status"), "intact"));
        Browsers.screenshot(browser, "owner-audit");
        // the export itself is in the log, with its filter
        browser.navigate().refresh();
        type(By.id("audit:type"), "audit.exported");
        browser.findElement(By.id("audit:filter")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit:table"), "filterCluster=" + clusterId));

        // 2. trust: the cluster's CA and both certificates; expiring soon; revoke through the step-up code
        browser.get(TestStack.portalUrl() + "/owner/trust.xhtml?id=" + clusterId);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("authorities:table"),
                seed.getString("caFingerprint")));
        assertThat(browser.findElement(By.id("authorities:table")).getText())
                .contains(seed.getString("clusterName"), "EC P-256", "healthy");
        String certificates = browser.findElement(By.id("certs:table")).getText();
        assertThat(certificates).contains(seed.getString("alphaSerial"), seed.getString("betaSerial"),
                seed.getString("alpha"), seed.getString("beta"));
        assertThat(browser.findElement(By.id("expiring-count")).getText()).isEqualTo("0"); // 30 days > 7 days
        choose("certs:view", "expiring soon");
        WebElement window = browser.findElement(By.id("certs:window_input"));
        window.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), "31");
        browser.findElement(By.id("certs:filter")).click();
        wait.until(ExpectedConditions.textToBe(By.id("expiring-count"), "2"));
        wait.until(d -> d.findElements(By.cssSelector("#certs\\:table tr.certificate-row")).size() == 2);

        type(By.id("certs:reason"), "owner console browser test");
        waitUntilOlderThan(loggedInAt, Duration.ofSeconds(TestStack.STEP_UP_MAX_AGE_SECONDS + 2));
        By alphaRow = By.xpath("//tr[contains(@class,'certificate-row')][.//span[@class='certificate-serial' and text()='"
                + seed.getString("alphaSerial") + "']]");
        browser.findElement(alphaRow).findElement(By.cssSelector("button.revoke-button")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".ui-confirmdialog-yes"))).click();
        enterOtp(owner); // the step-up round trip: Keycloak asks only for the code
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"),
                seed.getString("alphaSerial")));
        assertThat(browser.getCurrentUrl()).contains("/owner/trust.xhtml?id=" + clusterId).doesNotContain("resume=");
        wait.until(ExpectedConditions.textToBe(new By.ByXPath("//tr[contains(@class,'certificate-row')][.//span["
                + "@class='certificate-serial' and text()='" + seed.getString("alphaSerial") + "']]"
                + "//span[@class='certificate-status']"), "revoked"));
        assertThat(browser.findElement(alphaRow).findElements(By.cssSelector("button.revoke-button"))).isEmpty();
        assertThat(browser.findElement(alphaRow).findElements(By.cssSelector("button.request-rotation-button")))
                .isEmpty();
        Instant revokedAt = Instant.now();

        // ask beta's node to rotate now: high-risk too, so the step-up code again once it is stale
        String betaXpath = "//tr[contains(@class,'certificate-row')][.//span[@class='certificate-serial' and text()='"
                + seed.getString("betaSerial") + "']]";
        By betaRow = By.xpath(betaXpath);
        type(By.id("certs:reason"), "rotation asked by the browser test");
        waitUntilOlderThan(revokedAt, Duration.ofSeconds(TestStack.STEP_UP_MAX_AGE_SECONDS + 2));
        browser.findElement(betaRow).findElement(By.cssSelector("button.request-rotation-button")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".ui-confirmdialog-yes"))).click();
        enterOtp(owner);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"),
                seed.getString("betaSerial")));
        assertThat(browser.getCurrentUrl()).contains("/owner/trust.xhtml?id=" + clusterId).doesNotContain("resume=");
        WebElement marker = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                betaXpath + "//div[contains(@class,'rotation-requested')]")));
        assertThat(marker.getText()).contains("Rotation requested by " + owner.username())
                .contains("rotation asked by the browser test");
        assertThat(browser.findElement(betaRow).findElements(By.cssSelector("button.request-rotation-button")))
                .isEmpty();
        assertThat(browser.findElement(betaRow).findElements(By.cssSelector("button.cancel-rotation-button")))
                .hasSize(1);
        Browsers.screenshot(browser, "owner-trust");

        // 3. workloads: desired against reported, filter by state, disable one
        // the cluster by URL (as the step-up round trip returns): filtering by cluster with ajax first
        // would race the next menu against the form's re-rendering
        browser.get(TestStack.portalUrl() + "/owner/workloads.xhtml?id=" + clusterId);
        assertThat(browser.findElement(By.id("nav-workloads")).isDisplayed()).isTrue();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("workloads:table"), seed.getString("desk")));
        String workloads = browser.findElement(By.id("workloads:table")).getText();
        assertThat(workloads).contains(seed.getString("echo"), "running", "Remote Server/Desktop Access",
                "not reported", seed.getString("alpha"), seed.getString("beta"));
        choose("workloads:state", "running");
        browser.findElement(By.id("workloads:filter")).click();
        wait.until(d -> d.findElements(By.cssSelector("#workloads\\:table tr.workload-row")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("#workloads\\:table .workload-name")).getText())
                .isEqualTo(seed.getString("echo"));
        browser.findElement(By.cssSelector("#workloads\\:table button.disable-button")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".ui-confirmdialog-yes"))).click();
        By desired = By.xpath("//tr[contains(@class,'workload-row')][.//span[@class='workload-name' and text()='"
                + seed.getString("echo") + "']]//span[@class='workload-desired']");
        confirmedWith(owner, ExpectedConditions.textToBe(desired, "disabled"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"), seed.getString("echo")));
        Browsers.screenshot(browser, "owner-workloads");
    }

    @Test
    void theExportNeedsAnOwnerSession() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestStack.portalUrl() + "/owner/audit/export"))
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).startsWith(TestStack.info().issuerUrl()).contains("client_id=rap-owner"));
        assertThat(response.body()).doesNotContain("sequence,occurred_at");
    }

    /** The export link's body as the logged-in browser gets it: status, Content-Disposition, then the text. */
    private String fetch(String url) {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Object result = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text().then(t => done(r.status + '\\n'"
                + " + (r.headers.get('content-disposition') || '') + '\\n' + t))).catch(e => done('error\\n\\n' + e));",
                url);
        return String.valueOf(result);
    }

    private static JsonObject seed() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestStack.portalUrl()
                        + Deployments.HELPER_CONTEXT_ROOT + "/owner-console-seed"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(120)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    /**
     * Waits for the result of a high-risk action. The step-up window of the test stack is short, so
     * the server may ask for the one-time code again first: then enter it.
     */
    private void confirmedWith(DemoUser owner, ExpectedCondition<?> done) throws InterruptedException {
        wait.until(ExpectedConditions.or(done, ExpectedConditions.visibilityOfElementLocated(By.id("otp"))));
        if (!browser.findElements(By.id("otp")).isEmpty()) {
            enterOtp(owner);
        }
        wait.until(done);
    }

    /** Picks the option labelled {@code label} in the PrimeFaces selectOneMenu {@code menuId}. */
    private void choose(String menuId, String label) {
        WebElement menu = wait.until(ExpectedConditions.elementToBeClickable(By.id(menuId)));
        menu.click();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[@id='" + menuId + "_items']//li[@data-label='"
                + label + "']"))).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id(menuId + "_panel")));
    }

    private void type(By field, String text) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(field));
        input.clear();
        input.sendKeys(text);
    }

    private void enterOtp(DemoUser user) throws InterruptedException {
        WebElement otp = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("otp")));
        otp.sendKeys(Totp.unusedCode(user.totpSecretBase32()));
        browser.findElement(By.id("kc-login")).click();
    }

    private static void waitUntilOlderThan(Instant since, Duration age) throws InterruptedException {
        Duration left = Duration.between(Instant.now(), since.plus(age));
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis());
        }
    }
}
