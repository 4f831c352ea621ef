package io.rap.fabric.devstack.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
        deleteTree(workDir);
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
        Browser browser = new Browser(keycloak.baseUrl());
        // no acr_values: the client's minimum.acr.value=gold alone must force the second factor
        OidcClient.Attempt attempt = client.authorization(true, Map.of());

        Browser.Outcome loginPage = browser.open(attempt.uri());
        Browser.Outcome otpPage = browser.submit(form(loginPage, LOGIN_FORM),
                Map.of("username", owner.username(), "password", owner.password()));
        assertThat(otpPage.form(LOGIN_FORM)).as(otpPage.describe()).isEmpty();
        Browser.Outcome callback = browser.submit(form(otpPage, OTP_FORM), Map.of("otp", currentCode(owner)));

        JsonObject tokens = client.exchange(attempt, callback.redirectParameters());
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
        Browser browser = new Browser(keycloak.baseUrl());
        OidcClient.Attempt attempt = client.authorization(false, Map.of());

        Browser.Outcome loginPage = browser.open(attempt.uri());
        Browser.Outcome refused = browser.submit(form(loginPage, LOGIN_FORM),
                Map.of("username", clusterAdmin.username(), "password", clusterAdmin.password() + "x"));

        assertThat(refused.isPage()).as(refused.describe()).isTrue();
        assertThat(refused.form(LOGIN_FORM)).isPresent();
        assertThat(refused.page().text()).contains("Invalid username or password.");
        // the right password still works afterwards; this also resets the brute-force counter
        Browser.Outcome callback = browser.submit(form(refused, LOGIN_FORM),
                Map.of("username", clusterAdmin.username(), "password", clusterAdmin.password()));
        assertThat(callback.redirectParameters()).containsKey("code");
    }

    @Test
    void wrongTotpIsRefusedAndTheOtpFormStays() throws Exception {
        DemoUser orgAdmin = settings.user("org-admin");
        OidcClient client = client("rap-org", "/org/callback");
        Browser browser = new Browser(keycloak.baseUrl());
        OidcClient.Attempt attempt = client.authorization(true, Map.of("acr_values", "gold"));

        Browser.Outcome loginPage = browser.open(attempt.uri());
        Browser.Outcome otpPage = browser.submit(form(loginPage, LOGIN_FORM),
                Map.of("username", orgAdmin.username(), "password", orgAdmin.password()));
        Browser.Outcome refused = browser.submit(form(otpPage, OTP_FORM), Map.of("otp", wrongCode(orgAdmin)));

        assertThat(refused.isPage()).as(refused.describe()).isTrue();
        assertThat(refused.form(OTP_FORM)).isPresent();
        assertThat(refused.page().text()).contains("Invalid authenticator code.");
        Browser.Outcome callback = browser.submit(form(refused, OTP_FORM), Map.of("otp", currentCode(orgAdmin)));
        JsonObject idToken = client.verifiedIdToken(client.exchange(attempt, callback.redirectParameters()), attempt);
        assertThat(idToken.getString("acr")).isEqualTo("gold");
    }

    @Test
    void stepUpOnAnExistingSessionAsksOnlyForTotp() throws Exception {
        DemoUser clusterAdmin = settings.user("cluster-admin");
        OidcClient client = client("rap-cluster", "/cluster/callback");
        Browser browser = new Browser(keycloak.baseUrl());

        // level 1 the way WildFly's elytron-oidc-client logs in: no PKCE, no acr_values
        OidcClient.Attempt login = client.authorization(false, Map.of());
        Browser.Outcome loginPage = browser.open(login.uri());
        Browser.Outcome afterPassword = browser.submit(form(loginPage, LOGIN_FORM),
                Map.of("username", clusterAdmin.username(), "password", clusterAdmin.password()));
        JsonObject silver = client.verifiedIdToken(client.exchange(login, afterPassword.redirectParameters()), login);
        assertThat(silver.getString("acr")).isEqualTo("silver");

        // auth_time has one-second resolution: make "fresh" observable
        Thread.sleep(1_100);

        // the application's step-up: acr_values=gold, login_hint, PKCE, state, nonce on the same SSO session
        OidcClient.Attempt stepUp = client.authorization(true,
                Map.of("acr_values", "gold", "login_hint", clusterAdmin.username()));
        Browser.Outcome otpOnly = browser.open(stepUp.uri());
        assertThat(otpOnly.form(OTP_FORM)).as(otpOnly.describe()).isPresent();
        assertThat(otpOnly.form(LOGIN_FORM)).isEmpty();
        assertThat(otpOnly.page().select("input[name=password]")).isEmpty();
        Browser.Outcome callback = browser.submit(otpOnly.form(OTP_FORM).orElseThrow(),
                Map.of("otp", currentCode(clusterAdmin)));
        JsonObject gold = client.verifiedIdToken(client.exchange(stepUp, callback.redirectParameters()), stepUp);

        assertThat(gold.getString("acr")).isEqualTo("gold");
        assertThat(gold.getJsonNumber("auth_time").longValue()).isGreaterThan(silver.getJsonNumber("auth_time").longValue());
        assertThat(gold.getJsonNumber("auth_time").longValue()).isGreaterThanOrEqualTo(Instant.now().getEpochSecond() - 60);
        assertThat(gold.getString("sub")).isEqualTo(silver.getString("sub"));
        assertThat(gold.getString("sid")).isEqualTo(silver.getString("sid"));

        // Within level 2's max age (300 s) Keycloak answers a new gold request without any form and keeps the
        // earlier auth_time: an application window shorter than 300 s would send the person in circles.
        OidcClient.Attempt again = client.authorization(true, Map.of("acr_values", "gold"));
        Browser.Outcome silent = browser.open(again.uri());
        assertThat(silent.isPage()).as(silent.describe()).isFalse();
        JsonObject stillGold = client.verifiedIdToken(client.exchange(again, silent.redirectParameters()), again);
        assertThat(stillGold.getString("acr")).isEqualTo("gold");
        assertThat(stillGold.getJsonNumber("auth_time").longValue()).isEqualTo(gold.getJsonNumber("auth_time").longValue());
    }

    @Test
    void loginHintDoesNotSwitchTheUserOfAnExistingSession() throws Exception {
        DemoUser orgAdmin = settings.user("org-admin");
        OidcClient client = client("rap-org", "/org/callback");
        Browser browser = new Browser(keycloak.baseUrl());
        OidcClient.Attempt login = client.authorization(false, Map.of());
        Browser.Outcome afterPassword = browser.submit(form(browser.open(login.uri()), LOGIN_FORM),
                Map.of("username", orgAdmin.username(), "password", orgAdmin.password()));
        JsonObject first = client.verifiedIdToken(client.exchange(login, afterPassword.redirectParameters()), login);

        OidcClient.Attempt hinted = client.authorization(true, Map.of("login_hint", "owner"));
        Browser.Outcome outcome = browser.open(hinted.uri());

        // the SSO cookie wins: the application must compare sub with its own session, not trust its hint
        JsonObject second = client.verifiedIdToken(client.exchange(hinted, outcome.redirectParameters()), hinted);
        assertThat(second.getString("sub")).isEqualTo(first.getString("sub"));
        assertThat(second.getString("preferred_username")).isEqualTo("org-admin");
    }

    private static OidcClient client(String clientId, String callbackPath) {
        return new OidcClient(keycloak.issuerUrl(), clientId, settings.clientSecret(clientId), PORTAL + callbackPath);
    }

    private static FormElement form(Browser.Outcome outcome, String id) {
        return outcome.form(id).orElseThrow(() -> new AssertionError("expected form #" + id + " but Keycloak showed "
                + outcome.describe()));
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

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        }
    }
}
