package io.rap.fabric.devstack.demo;

import io.rap.fabric.devstack.keycloak.Totp;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;

/**
 * Drives the organization admin portal over HTTP as its admin would (Keycloak login, then the
 * pages' own forms), so demo data goes through the tenant's authorization and audit.
 */
public final class OrgConsole {

    private final HttpBrowser browser = new HttpBrowser();
    private final URI org;
    private final String username;
    private final String password;
    private final String totpSecret;

    public OrgConsole(String portalBaseUrl, String username, String password, String totpSecret) {
        this.org = URI.create(portalBaseUrl + "/org/");
        this.username = username;
        this.password = password;
        this.totpSecret = totpSecret;
    }

    public void login() throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(org);
        page = browser.submit(page.form("kc-form-login"), Map.of("username", username, "password", password));
        for (int attempt = 0; attempt < 2 && page.document().getElementById("kc-otp-login-form") != null; attempt++) {
            if (attempt > 0) {
                // Keycloak refuses a code used before (another login in this period): wait for the next one
                long period = 30_000L; // the realm's TOTP period
                Thread.sleep(period - System.currentTimeMillis() % period + 1000);
            }
            page = browser.submit(page.form("kc-otp-login-form"), Map.of("otp", Totp.unusedCode(totpSecret)));
        }
        if (!page.hasElement("current-user")) {
            throw new IllegalStateException("login to the organization portal failed: " + describe(page));
        }
        if (page.hasElement("no-organization")) {
            throw new IllegalStateException(username + " has no organization to administer");
        }
    }

    public void createUser(String name, String displayName, String email) throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(org.resolve("users.xhtml"));
        HttpBrowser.Page answer = browser.submit(page.form("edit"), Map.of("edit:username", name,
                "edit:displayName", displayName, "edit:email", email, "edit:save", ""));
        require(browser.open(org.resolve("users.xhtml")), "span.user-name", name, answer);
    }

    public void createResource(String name, String protocol, String host, String poolName)
            throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(org.resolve("resources.xhtml"));
        Map.Entry<String, String> pool = choice(page, "edit:pool", poolName);
        HttpBrowser.Page answer = browser.submit(page.form("edit"), Map.of("edit:name", name,
                "edit:protocol_input", protocol, "edit:host", host, pool.getKey(), pool.getValue(), "edit:save", ""));
        require(browser.open(org.resolve("resources.xhtml")), "span.resource-name", name, answer);
    }

    /** A policy for one user, one resource and one entry point, on the form's default weekdays. */
    public void createPolicy(String name, String user, String resource, String entryPoint, String from, String until,
                             String timeZone) throws IOException, InterruptedException {
        HttpBrowser.Page page = browser.open(org.resolve("policies.xhtml"));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("edit:name", name);
        values.put("edit:start", from);
        values.put("edit:end", until);
        values.put("edit:zone", timeZone);
        for (Map.Entry<String, String> choice : List.of(choice(page, "edit:users", user),
                choice(page, "edit:resources", resource), choice(page, "edit:entryPoints", entryPoint))) {
            values.put(choice.getKey(), choice.getValue());
        }
        values.put("edit:save", "");
        HttpBrowser.Page answer = browser.submit(page.form("edit"), values);
        require(browser.open(org.resolve("policies.xhtml")), "span.policy-name", name, answer);
    }

    /** The field name and value of the option labelled {@code label} in the select of component {@code clientId}. */
    private static Map.Entry<String, String> choice(HttpBrowser.Page page, String clientId, String label) {
        Element select = page.document().select("select[name^='" + clientId + "']").first();
        if (select == null) {
            throw new IllegalStateException("no select " + clientId + " on " + page.uri());
        }
        return select.select("option").stream().filter(o -> o.text().equals(label))
                .map(o -> Map.entry(select.attr("name"), o.attr("value"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no option " + label + " in " + clientId));
    }

    private static void require(HttpBrowser.Page list, String selector, String text, HttpBrowser.Page answer) {
        if (!list.document().select(selector).eachText().contains(text)) {
            throw new IllegalStateException(text + " was not saved: " + describe(answer));
        }
    }

    private static String describe(HttpBrowser.Page page) {
        return "HTTP " + page.status() + " " + page.uri() + " '" + page.document().title() + "' "
                + page.document().select(".ui-growl-message, .ui-messages, #input-error, .alert-error").text();
    }
}
