package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.keycloak.DemoUser;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The organization portal in headless Chromium through the real Keycloak (password + TOTP), as
 * the demo {@code org-admin}: first without a grant ("no organization assigned", no data), then
 * with a grant for organization A of two seeded tenants. Every page is opened, a user is added
 * and a session terminated, and no page's HTML contains tenant B's markers, the cluster, or the
 * node (id, name, address, certificate serial) that backs A's egress pool and VPN exit.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OrganizationPortalBrowserIT extends WithBrowser {

    private static final List<String> PAGES = List.of("index", "resources", "users", "policies", "sessions",
            "entry-points", "egress-pools", "vpn", "audit");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithHelperWar(OrgSeedServlet.class, OrgFixtures.class, OrgFixtures.Tenant.class,
                OrgFixtures.EnrolledNode.class, TrustFixtures.class);
    }


    @Test
    void anOrganizationAdminSeesExactlyTheirOrganizationAndNothingOfTheFabric() throws Exception {
        DemoUser admin = TestStack.user("org-admin");
        post("action=reset&admin=" + admin.username());

        // a. login with password and TOTP; without a grant the portal says so and shows no data
        keycloak.logIn("/org/", admin);
        assertThat(browser.findElement(By.id("no-organization")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.id("nav-resources"))).isEmpty();
        browser.get(TestStack.portalUrl() + "/org/resources.xhtml");
        assertThat(browser.findElement(By.id("no-organization")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("tr.org-resource"))).isEmpty();

        // b. two tenants, a grant for A, a real node behind A's pool and VPN exit
        JsonObject seed = seed(admin.username());
        List<String> forbidden = new ArrayList<>();
        for (String key : List.of("markerB", "organizationB", "clusterId", "clusterName", "nodeId", "nodeName",
                "nodeAddress", "certificateSerial")) {
            forbidden.add(seed.getString(key));
        }
        forbidden.add(seed.getString("markerB").toLowerCase(Locale.ROOT));

        // c. every page once: A's data is there, nothing forbidden is
        Map<String, String> expected = Map.of("index", seed.getString("organizationA"),
                "resources", seed.getString("resourceA"), "users", seed.getString("userA"),
                "policies", seed.getString("policyA"), "sessions", seed.getString("userA"),
                "entry-points", seed.getString("entryA"), "egress-pools", seed.getString("poolA"),
                "vpn", "VPN exit", "audit", "org.created");
        for (String page : PAGES) {
            browser.get(TestStack.portalUrl() + "/org/" + page + ".xhtml");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
            String html = browser.getPageSource();
            assertThat(html).as(page).contains(expected.get(page)).doesNotContain("no-organization");
            for (String word : forbidden) {
                assertThat(html).as(page + " must not show " + word).doesNotContain(word);
            }
        }
        // A's pool and VPN exit are carried by the node, shown only as counts and a status word
        browser.get(TestStack.portalUrl() + "/org/egress-pools.xhtml");
        assertThat(browser.findElement(By.cssSelector("tr.egress-pool span[class^='status-']")).getText()).isNotBlank();
        browser.get(TestStack.portalUrl() + "/org/vpn.xhtml");
        assertThat(browser.findElements(By.cssSelector("tr.connector")).get(0).getText()).contains("VPN exit", "1");

        // d. add a user through the form
        browser.get(TestStack.portalUrl() + "/org/users.xhtml");
        String newUser = "browser-" + seed.getString("markerA").toLowerCase(Locale.ROOT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit:username"))).sendKeys(newUser);
        browser.findElement(By.id("edit:displayName")).sendKeys("Added in the browser");
        browser.findElement(By.id("edit:save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users:table"), newUser));

        // e. terminate A's active session with a reason
        browser.get(TestStack.portalUrl() + "/org/sessions.xhtml");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("tr.access-session .terminate-button")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("terminateForm:reason")))
                .sendKeys("browser test");
        browser.findElement(By.id("terminateForm:confirm")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("growl_container"),
                "Session terminated"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr.access-session .terminate-button")));

        // f. the audit page shows both changes, by this person
        browser.get(TestStack.portalUrl() + "/org/audit.xhtml");
        String audit = browser.getPageSource();
        assertThat(audit).contains("org.user_created", "org.session_terminated", admin.username());
        for (String word : forbidden) {
            assertThat(audit).as("audit must not show " + word).doesNotContain(word);
        }
    }

    private JsonObject seed(String admin) throws Exception {
        return post("admin=" + URLEncoder.encode(admin, StandardCharsets.UTF_8));
    }

    private static JsonObject post(String form) throws Exception {
        return HelperServlets.post("/org-seed", form);
    }

}
