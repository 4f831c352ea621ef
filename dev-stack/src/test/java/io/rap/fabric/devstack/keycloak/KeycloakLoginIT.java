package io.rap.fabric.devstack.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.Processes;
import io.rap.fabric.devstack.demo.HttpBrowser;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Keycloak distribution with the rendered {@code rap} realm: logins, TOTP, step-up by level of
 * authentication. Keycloak is started twice in {@link #startKeycloak()}: a fresh import, then a restart that
 * must reuse the data, so the tests below also prove the fast-restart path of the launcher.
 */
class KeycloakLoginIT {

    private static final String PORTAL = "http://127.0.0.1:8080";
    private static final String LOGIN_FORM = "kc-form-login";
    private static final String OTP_FORM = "kc-otp-login-form";

    private static Path workDir;
    private static RealmSettings settings;
    private static RunningKeycloak keycloak;

    @BeforeAll
    static void startKeycloak() throws Exception {
        Path repoRoot = Path.of(System.getProperty("rap.repo.root", ".."));
        workDir = Path.of("target/keycloak-it").toAbsolutePath();
        Processes.deleteTree(workDir);
        settings = RealmSettings.generate(PORTAL);
        KeycloakLauncher launcher = new KeycloakLauncher(KeycloakDistribution.locate(repoRoot), workDir, freePort());

        try (RunningKeycloak first = launcher.start(settings)) {
            assertThat(first.realmImported()).isTrue();
            System.out.printf("Keycloak first start (import): %d ms%n", first.startupTime().toMillis());
        }
        keycloak = launcher.start(settings);
        System.out.printf("Keycloak restart (data reused): %d ms%n", keycloak.startupTime().toMillis());
        assertThat(keycloak.realmImported()).isFalse();
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak == null) {
            return;
        }
        keycloak.close();
        assertThat(ProcessHandle.of(keycloak.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        String home = "-Dkc.home.dir=" + workDir.resolve("keycloak-home");
        List<String> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains(home)).orElse(false))
                .map(p -> p.pid() + " " + p.info().command().orElse("?"))
                .collect(Collectors.toList());
        assertThat(leftovers).as("processes still running Keycloak from " + workDir).isEmpty();
    }

    @Test
    void ownerConsoleLoginNeedsPasswordAndTotpAndYieldsGold() throws Exception {
        DemoUser owner = settings.user("owner");
        OidcClient client = client("rap-owner", "/owner/callback");
        HttpBrowser browser = browser();
        // no acr_values: the client's minimum.acr.value=gold alone must force the second factor
        OidcClient.Attempt attempt = client.authorization(true, Map.of());

        HttpBrowser.Page otpPage = signIn(browser, attempt, owner, owner.password());
        assertThat(otpPage.findForm(LOGIN_FORM)).as(describe(otpPage)).isEmpty();
        HttpBrowser.Page callback = browser.submit(form(otpPage, OTP_FORM), Map.of("otp", currentCode(owner)));

        JsonObject tokens = client.exchange(attempt, redirectParameters(callback));
        JsonObject idToken = client.verifiedIdToken(tokens, attempt);
        assertThat(idToken.getString("acr")).isEqualTo("gold");
        assertThat(idToken.getString("preferred_username")).isEqualTo("owner");
        assertThat(idToken.getString("azp")).isEqualTo("rap-owner");
        assertThat(realmRoles(idToken)).contains("platform-owner").doesNotContain("cluster-admin", "org-admin");
        JsonObject accessToken = OidcClient.payload(tokens.getString("access_token"));
        assertThat(realmRoles(accessToken)).contains("platform-owner");
        assertThat(accessToken.getJsonNumber("exp").longValue() - accessToken.getJsonNumber("iat").longValue())
                .as("access token lifespan in seconds").isEqualTo(300);
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        DemoUser clusterAdmin = settings.user("cluster-admin");
        OidcClient client = client("rap-cluster", "/cluster/callback");
        HttpBrowser browser = browser();
        OidcClient.Attempt attempt = client.authorization(false, Map.of());

        HttpBrowser.Page refused = signIn(browser, attempt, clusterAdmin, clusterAdmin.password() + "x");

        assertThat(refused.isRedirect()).as(describe(refused)).isFalse();
        assertThat(refused.findForm(LOGIN_FORM)).isPresent();
        assertThat(refused.document().text()).contains("Invalid username or password.");
        // the right password still works afterwards; this also resets the brute-force counter
        HttpBrowser.Page callback = browser.submit(form(refused, LOGIN_FORM),
                Map.of("username", clusterAdmin.username(), "password", clusterAdmin.password()));
        assertThat(redirectParameters(callback)).containsKey("code");
    }

    @Test
    void wrongTotpIsRefusedAndTheOtpFormStays() throws Exception {
        DemoUser orgAdmin = settings.user("org-admin");
        OidcClient client = client("rap-org", "/org/callback");
        HttpBrowser browser = browser();
        OidcClient.Attempt attempt = client.authorization(true, Map.of("acr_values", "gold"));

        HttpBrowser.Page otpPage = signIn(browser, attempt, orgAdmin, orgAdmin.password());
        HttpBrowser.Page refused = browser.submit(form(otpPage, OTP_FORM), Map.of("otp", wrongCode(orgAdmin)));

        assertThat(refused.isRedirect()).as(describe(refused)).isFalse();
        assertThat(refused.findForm(OTP_FORM)).isPresent();
        assertThat(refused.document().text()).contains("Invalid authenticator code.");
        HttpBrowser.Page callback = browser.submit(form(refused, OTP_FORM), Map.of("otp", currentCode(orgAdmin)));
        JsonObject idToken = idToken(client, attempt, callback);
        assertThat(idToken.getString("acr")).isEqualTo("gold");
    }

    @Test
    void stepUpOnAnExistingSessionAsksOnlyForTotp() throws Exception {
        DemoUser clusterAdmin = settings.user("cluster-admin");
        OidcClient client = client("rap-cluster", "/cluster/callback");
        HttpBrowser browser = browser();

        // level 1 the way WildFly's elytron-oidc-client logs in: no PKCE, no acr_values
        OidcClient.Attempt login = client.authorization(false, Map.of());
        HttpBrowser.Page afterPassword = signIn(browser, login, clusterAdmin, clusterAdmin.password());
        JsonObject silver = idToken(client, login, afterPassword);
        assertThat(silver.getString("acr")).isEqualTo("silver");

        // auth_time has one-second resolution: make "fresh" observable
        Thread.sleep(1_100);

        // the application's step-up: acr_values=gold, login_hint, PKCE, state, nonce on the same SSO session
        OidcClient.Attempt stepUp = client.authorization(true,
                Map.of("acr_values", "gold", "login_hint", clusterAdmin.username()));
        HttpBrowser.Page otpOnly = browser.open(stepUp.uri());
        assertThat(otpOnly.findForm(OTP_FORM)).as(describe(otpOnly)).isPresent();
        assertThat(otpOnly.findForm(LOGIN_FORM)).isEmpty();
        assertThat(otpOnly.document().select("input[name=password]")).isEmpty();
        HttpBrowser.Page callback = browser.submit(otpOnly.findForm(OTP_FORM).orElseThrow(),
                Map.of("otp", currentCode(clusterAdmin)));
        JsonObject gold = idToken(client, stepUp, callback);

        assertThat(gold.getString("acr")).isEqualTo("gold");
        assertThat(gold.getJsonNumber("auth_time").longValue()).isGreaterThan(silver.getJsonNumber("auth_time").longValue());
        assertThat(gold.getJsonNumber("auth_time").longValue()).isGreaterThanOrEqualTo(Instant.now().getEpochSecond() - 60);
        assertThat(gold.getString("sub")).isEqualTo(silver.getString("sub"));
        assertThat(gold.getString("sid")).isEqualTo(silver.getString("sid"));

        // Within level 2's max age (300 s) Keycloak answers a new gold request without any form and keeps the
        // earlier auth_time: an application window shorter than 300 s would send the person in circles.
        OidcClient.Attempt again = client.authorization(true, Map.of("acr_values", "gold"));
        HttpBrowser.Page silent = browser.open(again.uri());
        assertThat(silent.isRedirect()).as(describe(silent)).isTrue();
        JsonObject stillGold = idToken(client, again, silent);
        assertThat(stillGold.getString("acr")).isEqualTo("gold");
        assertThat(stillGold.getJsonNumber("auth_time").longValue()).isEqualTo(gold.getJsonNumber("auth_time").longValue());
    }

    @Test
    void loginHintDoesNotSwitchTheUserOfAnExistingSession() throws Exception {
        DemoUser clusterAdmin = settings.user("cluster-admin");
        OidcClient client = client("rap-cluster", "/cluster/callback");
        HttpBrowser browser = browser();
        OidcClient.Attempt login = client.authorization(false, Map.of());
        HttpBrowser.Page afterPassword = signIn(browser, login, clusterAdmin, clusterAdmin.password());
        JsonObject first = idToken(client, login, afterPassword);

        OidcClient.Attempt hinted = client.authorization(true, Map.of("login_hint", "owner"));
        HttpBrowser.Page outcome = browser.open(hinted.uri());

        // the SSO cookie wins: the application must compare sub with its own session, not trust its hint
        JsonObject second = idToken(client, hinted, outcome);
        assertThat(second.getString("sub")).isEqualTo(first.getString("sub"));
        assertThat(second.getString("preferred_username")).isEqualTo("cluster-admin");
    }

    private static OidcClient client(String clientId, String callbackPath) {
        return new OidcClient(keycloak.issuerUrl(), clientId, settings.clientSecret(clientId), PORTAL + callbackPath);
    }

    /** One SSO session per browser; redirects are followed while they stay on Keycloak. */
    private static HttpBrowser browser() {
        return HttpBrowser.within(keycloak.baseUrl());
    }

    /** Starts {@code attempt} and submits the login form: what follows is the OTP form or the redirect back. */
    private static HttpBrowser.Page signIn(HttpBrowser browser, OidcClient.Attempt attempt, DemoUser user,
                                           String password) throws IOException, InterruptedException {
        return browser.submit(form(browser.open(attempt.uri()), LOGIN_FORM),
                Map.of("username", user.username(), "password", password));
    }

    /** The verified ID token for the code in {@code callback}, Keycloak's redirect back to the application. */
    private static JsonObject idToken(OidcClient client, OidcClient.Attempt attempt, HttpBrowser.Page callback)
            throws IOException, InterruptedException {
        return client.verifiedIdToken(client.exchange(attempt, redirectParameters(callback)), attempt);
    }

    private static FormElement form(HttpBrowser.Page outcome, String id) {
        return outcome.findForm(id).orElseThrow(() -> new AssertionError("expected form #" + id
                + " but Keycloak showed " + describe(outcome)));
    }

    /** The query of Keycloak's redirect back to the application: code, state, iss. */
    private static Map<String, String> redirectParameters(HttpBrowser.Page outcome) {
        if (!outcome.isRedirect()) {
            throw new AssertionError("no redirect to the application; Keycloak showed " + describe(outcome));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String rawQuery = outcome.redirect().getRawQuery();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.put(URLDecoder.decode(key, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** What Keycloak showed, with its error message if any, for assertion messages. */
    private static String describe(HttpBrowser.Page outcome) {
        if (outcome.isRedirect()) {
            return "a redirect to " + outcome.redirect();
        }
        Element feedback = outcome.document()
                .selectFirst("[id^=input-error], .pf-m-danger, .alert-error, #kc-page-title");
        return "HTTP " + outcome.status() + " " + outcome.uri().getPath() + " titled '" + outcome.document().title()
                + "'" + (feedback == null ? "" : ": " + feedback.text());
    }

    private static String currentCode(DemoUser user) {
        return Totp.code(user.totpSecretBase32(), Instant.now());
    }

    /** A code that is wrong in every step Keycloak's look-ahead window accepts. */
    private static String wrongCode(DemoUser user) {
        Instant now = Instant.now();
        List<String> valid = Stream.of(-60, -30, 0, 30, 60)
                .map(offset -> Totp.code(user.totpSecretBase32(), now.plusSeconds(offset)))
                .collect(Collectors.toList());
        int candidate = Integer.parseInt(valid.get(2));
        String wrong;
        do {
            candidate = (candidate + 1) % 1_000_000;
            wrong = String.format("%06d", candidate);
        } while (valid.contains(wrong));
        return wrong;
    }

    private static List<String> realmRoles(JsonObject token) {
        return token.getJsonObject("realm_access").getJsonArray("roles").getValuesAs(JsonString::getString);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
