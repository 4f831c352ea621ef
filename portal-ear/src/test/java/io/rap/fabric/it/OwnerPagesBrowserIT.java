package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.keycloak.DemoUser;
import jakarta.json.JsonObject;
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
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The owner console's Organizations, Organization and Access pages in headless Chromium through
 * the real Keycloak, on a tenant seeded through the domain ({@link OrgSeedServlet}): each page
 * shows the seeded data and one action works end to end (create an organization; publish an entry
 * point; grant a cluster administration through the step-up one-time code). The Join Requests
 * page refuses a bad filter in its link with a clear message. Screenshots go to
 * {@code docs/screenshots/owner-<page>.png}. (Clusters, Cluster, Join Requests and Node have
 * their actions in {@link NodeTrustBrowserIT} and {@link DesiredStateBrowserIT}.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OwnerPagesBrowserIT extends WithBrowser {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithHelperWar(OrgSeedServlet.class, OrgFixtures.class, OrgFixtures.Tenant.class,
                OrgFixtures.EnrolledNode.class, TrustFixtures.class);
    }


    @Test
    void organizationsOrganizationAndAccessShowSeededDataAndActEndToEnd() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String seededAdmin = "pages-oa-" + suffix;
        JsonObject seed = HelperServlets.post("/org-seed", "admin=" + seededAdmin);
        String clusterName = seed.getString("clusterName");
        DemoUser owner = TestStack.user("owner");

        keycloak.logIn("/owner/", owner);
        Instant loggedInAt = Instant.now();
        // 0. the session cookie the login created: HttpOnly and SameSite=Lax; not Secure on this
        //    plain-HTTP test stack (no https RAP_PUBLIC_URL), so the browser keeps sending it here
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        assertThat(session).as("the portal's session cookie").isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(session.isSecure()).isFalse();

        // 1. organizations: the list renders; create one in the seeded cluster, then open it by id
        //    (the list is sorted by name and the whole suite's organizations fill its first page)
        browser.findElement(By.id("nav-organizations")).click();
        assertThat(wait.until(ExpectedConditions.presenceOfAllElementsLocatedBy(
                By.cssSelector("[id='organizations:table'] a.organization-link")))).isNotEmpty();
        String orgName = "Pages Org " + suffix;
        type(By.id("create:name"), orgName);
        type(By.id("create:slug"), "pages-org-" + suffix);
        choose("create:cluster", clusterName);
        type(By.id("create:description"), "created by the owner pages browser test");
        browser.findElement(By.id("create:submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"), orgName));
        Browsers.screenshot(browser, "owner-organizations");
        openOrganization(orgName);
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dl.rap-facts"))).getText())
                .contains("pages-org-" + suffix, clusterName, "active");

        // 2. organization: the seeded tenant's pool and entry point; publish a second entry point
        browser.get(TestStack.portalUrl() + "/owner/organization.xhtml?id=" + seed.getString("organizationAId"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pools:table"), seed.getString("poolA")));
        assertThat(browser.findElement(By.id("entries:table")).getText()).contains(seed.getString("entryA"));
        assertThat(browser.findElement(By.cssSelector("dl.rap-facts")).getText()).contains(clusterName);
        String entry = "Pages entry " + suffix;
        type(By.id("entry:name"), entry);
        type(By.id("entry:host"), "pages-" + suffix + ".example.net");
        browser.findElement(By.id("entry:create")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"), entry));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("entries:table"),
                "pages-" + suffix + ".example.net:443"));
        assertThat(browser.findElement(By.id("entries:table")).getText()).contains(entry, seed.getString("entryA"));
        Browsers.screenshot(browser, "owner-organization");

        // 3. access: the seeded grant is listed (newest first); grant a cluster administration,
        //    high-risk, so through the step-up one-time code once the login's mark is stale
        browser.findElement(By.id("nav-access")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("grants:table"), seededAdmin));
        assertThat(browser.findElement(By.id("grants:table")).getText()).contains(seed.getString("organizationA"));
        String clusterAdmin = "pages-ca-" + suffix;
        type(By.id("grant:username"), clusterAdmin);
        choose("grant:kind", "Cluster");
        choose("grant:cluster", clusterName);
        waitUntilOlderThan(loggedInAt, Duration.ofSeconds(TestStack.STEP_UP_MAX_AGE_SECONDS + 2));
        browser.findElement(By.id("grant:submit")).click();
        By granted = By.xpath("//tr[contains(@class,'admin-grant')][.//span[@class='grant-user' and text()='"
                + clusterAdmin + "']]");
        confirmedWith(owner, ExpectedConditions.presenceOfElementLocated(granted));
        assertThat(browser.getCurrentUrl()).contains("/owner/access.xhtml").doesNotContain("resume=");
        WebElement row = browser.findElement(granted);
        assertThat(row.findElement(By.cssSelector(".grant-scope")).getAttribute("data-kind")).isEqualTo("cluster");
        assertThat(row.findElement(By.cssSelector(".grant-target")).getText()).isEqualTo(clusterName);
        assertThat(row.getText()).contains(owner.username());
        Browsers.screenshot(browser, "owner-access");

        // the grant is in the audit log (newest first)
        browser.findElement(By.id("nav-audit")).click();
        String audit = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit:table"))).getText();
        assertThat(audit).contains("access.grant_created", clusterAdmin);

        // 4. join requests: a bad filter value in a link gets a clear message and lists nothing
        browser.get(TestStack.portalUrl() + "/owner/join-requests.xhtml?status=approvedd");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("requests:filter-error"))).getText())
                .contains("Unknown join request status");
        assertThat(browser.findElements(By.cssSelector("tr.join-request"))).isEmpty();
        browser.get(TestStack.portalUrl() + "/owner/join-requests.xhtml?cluster=not-a-cluster");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("requests:filter-error"))).getText())
                .contains("not a valid id");
        assertThat(browser.findElements(By.cssSelector("tr.join-request"))).isEmpty();
    }

    /** Opens an organization by the id the Access page's choices give it (they list every organization). */
    private void openOrganization(String name) {
        browser.get(TestStack.portalUrl() + "/owner/access.xhtml");
        String id = browser.findElements(By.cssSelector("select[id='grant:organization_input'] option")).stream()
                .filter(option -> name.equals(option.getAttribute("textContent").strip()))
                .map(option -> option.getAttribute("value")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no organization named " + name));
        browser.get(TestStack.portalUrl() + "/owner/organization.xhtml?id=" + id);
    }

    /**
     * Waits for the result of a high-risk action: the server asks for the one-time code first
     * (the login's level-2 mark is stale by now), then returns to the page with the action done.
     */
    private void confirmedWith(DemoUser owner, ExpectedCondition<?> done) throws InterruptedException {
        wait.until(ExpectedConditions.or(done, ExpectedConditions.visibilityOfElementLocated(By.id("otp"))));
        if (!browser.findElements(By.id("otp")).isEmpty()) {
            keycloak.enterOtp(owner);
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

    private static void waitUntilOlderThan(Instant since, Duration age) throws InterruptedException {
        Duration left = Duration.between(Instant.now(), since.plus(age));
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis());
        }
    }
}
