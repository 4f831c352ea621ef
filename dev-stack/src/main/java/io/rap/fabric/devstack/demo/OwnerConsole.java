package io.rap.fabric.devstack.demo;

import io.rap.fabric.devstack.keycloak.Totp;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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
    private String lastCode;

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

    private Optional<UUID> findCluster(String name) throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(owner.resolve("clusters.xhtml"));
        return page.document().select("a.cluster-link").stream()
                .filter(a -> a.text().equals(name))
                .map(a -> a.absUrl("href"))
                .map(href -> href.substring(href.indexOf("id=") + 3).replaceAll("[&;].*", ""))
                .map(UUID::fromString)
                .findFirst();
    }

    private HttpBrowser.Page answerOtpIfAsked(HttpBrowser.Page page) throws IOException, InterruptedException {
        if (page.document().getElementById("kc-otp-login-form") == null) {
            return page;
        }
        return browser.submit(page.form("kc-otp-login-form"), Map.of("otp", freshCode()));
    }

    /** Keycloak refuses a code twice in one period: wait for the next one when needed. */
    private String freshCode() throws InterruptedException {
        String code = Totp.code(totpSecret, Instant.now());
        while (code.equals(lastCode)) {
            Thread.sleep(Duration.ofSeconds(1).toMillis());
            code = Totp.code(totpSecret, Instant.now());
        }
        lastCode = code;
        return code;
    }

    private static String describe(HttpBrowser.Page page) {
        return "HTTP " + page.status() + " " + page.uri() + " '" + page.document().title() + "' "
                + page.document().select(".ui-growl-message, .ui-messages, #input-error, .alert-error").text();
    }
}
