package io.rap.fabric.devstack.demo;

import io.rap.fabric.devstack.keycloak.Totp;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jsoup.nodes.Element;

/**
 * Drives the real owner console over HTTP as a person would — Keycloak login with password and
 * TOTP, then the same forms the pages show — so demo data and tests go through the portal's
 * authorization, step-up and audit instead of around them.
 */
public final class OwnerConsole {

    private final HttpBrowser browser = new HttpBrowser();
    private final URI owner;
    private final String username;
    private final String password;
    private final String totpSecret;

    /** @param portalBaseUrl e.g. {@code http://127.0.0.1:8080} */
    public OwnerConsole(String portalBaseUrl, String username, String password, String totpSecret) {
        this.owner = URI.create(portalBaseUrl + "/owner/");
        this.username = username;
        this.password = password;
        this.totpSecret = totpSecret;
    }

    public void login() throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(owner);
        page = browser.submit(page.form("kc-form-login"), Map.of("username", username, "password", password));
        page = answerOtpIfAsked(page);
        if (!page.hasElement("current-user")) {
            throw new IllegalStateException("login to the owner console failed: " + describe(page));
        }
    }

    /** The logged-in browser, for other requests in the same session (the page benchmark). */
    public HttpBrowser browser() {
        return browser;
    }

    public UUID ensureCluster(String name, String slug, String region) throws IOException, InterruptedException {
        Optional<UUID> existing = findCluster(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        HttpBrowser.Page page = browser.open(owner.resolve("clusters.xhtml"));
        browser.submit(page.form("create"), Map.of("create:name", name, "create:slug", slug, "create:region", region,
                "create:submit", ""));
        return findCluster(name).orElseThrow(() -> new IllegalStateException("cluster " + name + " was not created"));
    }

    /** Creates a join token and returns its raw value, read from the one page that shows it. */
    public String createJoinToken(UUID clusterId, int ttlMinutes, int maxUses) throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(owner.resolve("cluster.xhtml?id=" + clusterId));
        page = browser.submit(page.form("token"), Map.of("token:ttl_hinput", String.valueOf(ttlMinutes),
                "token:uses_hinput", String.valueOf(maxUses), "token:description", "demo", "token:issue", ""));
        Element raw = page.document().getElementById("raw-token");
        if (raw == null) {
            throw new IllegalStateException("no join token shown: " + describe(page));
        }
        return raw.text().strip();
    }

    /** Approves the pending request of {@code nodeName}, doing the step-up round trip when the portal asks. */
    public void approve(String nodeName) throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(owner.resolve("join-requests.xhtml"));
        Element button = page.document().select("tr.join-request").stream()
                .filter(row -> row.select(".request-node").text().equals(nodeName))
                .map(row -> row.selectFirst("button.approve-button"))
                .filter(b -> b != null)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no pending join request of " + nodeName));
        HttpBrowser.Page answer = answerOtpIfAsked(browser.submit(page.form("requests"), Map.of(button.id(), "")));
        HttpBrowser.Page pending = browser.open(owner.resolve("join-requests.xhtml"));
        if (pending.document().select("tr.join-request .request-node").eachText().contains(nodeName)) {
            throw new IllegalStateException("approval of " + nodeName + " did not go through: " + describe(answer));
        }
    }

    /** Creates the organization in the cluster unless one of that name exists; true when it was created now. */
    public boolean ensureOrganization(String name, String slug, UUID clusterId) throws IOException, InterruptedException {
        if (findOrganization(name).isPresent()) {
            return false;
        }
        HttpBrowser.Page page = browser.open(owner.resolve("organizations.xhtml"));
        HttpBrowser.Page answer = browser.submit(page.form("create"), Map.of("create:name", name, "create:slug", slug,
                "create:cluster_input", clusterId.toString(), "create:submit", ""));
        findOrganization(name).orElseThrow(() -> new IllegalStateException("organization " + name
                + " was not created: " + describe(answer)));
        return true;
    }

    public Optional<UUID> findOrganization(String name) throws IOException, InterruptedException {
        return accessChoice("organization", name);
    }

    public void createEgressPool(UUID organizationId, String name, String region) throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(owner.resolve("organization.xhtml?id=" + organizationId));
        HttpBrowser.Page answer = browser.submit(page.form("pool"), Map.of("pool:name", name, "pool:region", region,
                "pool:create", ""));
        requireText(organizationId, "span.pool-name", name, answer);
    }

    public void createEntryPoint(UUID organizationId, String name, String host, int port)
            throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(owner.resolve("organization.xhtml?id=" + organizationId));
        HttpBrowser.Page answer = browser.submit(page.form("entry"), Map.of("entry:name", name, "entry:host", host,
                "entry:port_hinput", String.valueOf(port), "entry:create", ""));
        if (!answer.document().text().contains(host)) {
            throw new IllegalStateException("entry point " + name + " was not created: " + describe(answer));
        }
    }

    /** Lets the first node of the cluster back the pool; a high-risk action, so the owner may be asked for a code. */
    public void addFirstNodeToPool(UUID organizationId, String poolName) throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(owner.resolve("organization.xhtml?id=" + organizationId));
        String poolId = page.document().select("select[name='backing:pool_input'] option").stream()
                .filter(o -> o.text().equals(poolName)).map(o -> o.attr("value")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no pool " + poolName));
        answerOtpIfAsked(browser.submit(page.form("backing"), Map.of("backing:pool_input", poolId, "backing:add", "")));
    }

    /** Grants {@code username} the administration of the organization (high-risk: may ask for a code). */
    public void grantOrganization(String username, UUID organizationId, String organizationName)
            throws IOException, InterruptedException {
        grant(username, "organization", organizationId, organizationName);
    }

    public void grantCluster(String username, UUID clusterId, String clusterName) throws IOException, InterruptedException {
        grant(username, "cluster", clusterId, clusterName);
    }

    /**
     * Grants {@code username} the administration of one cluster or organization on the Access page,
     * and checks that the active grant is listed. An existing active grant for the same scope is
     * refused by the domain and simply found again, so this can run on every start.
     */
    /** {@code kind:target name} of each active grant of {@code username} on the Access page's first page (newest first). */
    public List<String> activeGrants(String username) throws IOException, InterruptedException {
        HttpBrowser.Page grants = browser.open(owner.resolve("access.xhtml"));
        return grants.document().select("tr.admin-grant").stream()
                .filter(row -> row.select(".grant-user").text().equals(username) && !row.select(".revoke-button").isEmpty())
                .map(row -> row.select(".grant-scope").attr("data-kind") + ":" + row.select(".grant-target").text())
                .toList();
    }

    private void grant(String username, String kind, UUID targetId, String targetName) throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(owner.resolve("access.xhtml"));
        answerOtpIfAsked(browser.submit(page.form("grant"), Map.of("grant:username", username,
                "grant:kind_input", kind, "grant:" + kind + "_input", targetId.toString(),
                "grant:submit", "")));
        if (!activeGrants(username).contains(kind + ":" + targetName)) {
            throw new IllegalStateException(kind + " grant for " + username + " did not go through: "
                    + describe(browser.open(owner.resolve("access.xhtml"))));
        }
    }

    private void requireText(UUID organizationId, String selector, String text, HttpBrowser.Page answer)
            throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(owner.resolve("organization.xhtml?id=" + organizationId));
        if (!page.document().select(selector).eachText().contains(text)) {
            throw new IllegalStateException(text + " was not created: " + describe(answer));
        }
    }

    private Optional<UUID> findCluster(String name) throws IOException, InterruptedException {
        return accessChoice("cluster", name);
    }

    /**
     * Finds a cluster or organization by name among the Access page's grant choices, which list
     * every one (up to the page limit), where the paged tables show only their first page.
     */
    private Optional<UUID> accessChoice(String kind, String name) throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(owner.resolve("access.xhtml"));
        return page.document().select("select[id='grant:" + kind + "_input'] option").stream()
                .filter(option -> option.text().equals(name) && !option.attr("value").isBlank())
                .map(option -> UUID.fromString(option.attr("value")))
                .findFirst();
    }

    private HttpBrowser.Page answerOtpIfAsked(HttpBrowser.Page page) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 2 && page.document() != null
                && page.document().getElementById("kc-otp-login-form") != null; attempt++) {
            if (attempt > 0) {
                // refused: another login (another test, another console) used this period's code
                long period = 30_000L; // the realm's TOTP period
                Thread.sleep(period - System.currentTimeMillis() % period + 1000);
            }
            page = browser.submit(page.form("kc-otp-login-form"), Map.of("otp", freshCode()));
        }
        return page;
    }

    /** Keycloak refuses a code twice in one period: wait for the next one when needed. */
    private String freshCode() throws InterruptedException {
        return Totp.unusedCode(totpSecret);
    }

    private static String describe(HttpBrowser.Page page) {
        return "HTTP " + page.status() + " " + page.uri() + " '" + page.document().title() + "' "
                + page.document().select(".ui-growl-message, .ui-messages, #input-error, .alert-error").text();
    }
}
