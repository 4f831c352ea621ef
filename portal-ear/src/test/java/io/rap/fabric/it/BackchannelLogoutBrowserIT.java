package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.StackInfo;
import io.rap.fabric.devstack.keycloak.DemoUser;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Logging out of one portal ends the person's sessions in the others (DESIGN §5): the real
 * Keycloak calls each portal's {@code /backchannel-logout} with a signed logout token, and the
 * portal invalidates the HTTP sessions of that SSO session. And a token Keycloak did not sign, or
 * no token at all, ends nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BackchannelLogoutBrowserIT extends WithBrowser {

    private static final String LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void loggingOutOfOnePortalEndsTheSessionInTheOther() throws Exception {
        // no-grant holds both tenant-portal roles and no grant: both portals let them in and show an empty page
        DemoUser person = TestStack.user(TestStack.NO_GRANT);
        keycloak.logIn("/org/", person);
        browser.get(TestStack.portalUrl() + "/cluster/index.xhtml");
        waitForPortal(person);
        Cookie clusterSession = browser.manage().getCookieNamed("JSESSIONID");
        assertThat(clusterSession).as("the cluster portal's session cookie").isNotNull();
        assertThat(get("/cluster/index.xhtml", clusterSession).statusCode())
                .as("the cluster session works from outside the browser too").isEqualTo(200);

        browser.get(TestStack.portalUrl() + "/org/index.xhtml");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("logout-button"))).click();

        // Keycloak ended the SSO session and sent the browser back to /org, which asks for a login
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl()).startsWith(TestStack.info().keycloakUrl());
        // the cluster portal's session ended on the back channel: its cookie no longer opens a page...
        HttpResponse<String> stale = get("/cluster/index.xhtml", clusterSession);
        assertThat(stale.statusCode()).as("the old cluster session after the logout in /org").isEqualTo(302);
        assertThat(stale.headers().firstValue("Location").orElseThrow())
                .startsWith(TestStack.info().issuerUrl() + "/protocol/openid-connect/auth");
        // ...and the browser that still holds it is sent to Keycloak's login form, not into the portal
        browser.get(TestStack.portalUrl() + "/cluster/index.xhtml");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl()).startsWith(TestStack.info().keycloakUrl());
        assertThat(browser.findElements(By.id("current-user"))).isEmpty();
    }

    @Test
    void forgedOrMissingLogoutTokensEndNothing() throws Exception {
        DemoUser owner = TestStack.user("owner");
        keycloak.logIn("/owner/", owner);
        Cookie ownerSession = browser.manage().getCookieNamed("JSESSIONID");

        // well-formed logout tokens for the owner's real SSO sessions, naming the realm's signing key
        // but signed by a key Keycloak never had
        RsaJsonWebKey attacker = RsaJwkGenerator.generateJwk(2048);
        attacker.setKeyId(realmSigningKeyId());
        List<String> sids = keycloakSessionIds(owner.username());
        assertThat(sids).as("the owner's SSO sessions at Keycloak").isNotEmpty();
        for (String sid : sids) {
            HttpResponse<String> answer = backchannel("/owner", form("logout_token", forged(attacker, sid)));
            assertRefused(answer, 400, "logout token refused");
        }
        // garbage, nothing, a token twice, the wrong body type, a body too large, a GET
        assertRefused(backchannel("/owner", form("logout_token", "garbage")), 400, "logout token refused");
        assertRefused(backchannel("/owner", "other=1"), 400, "no logout_token");
        assertRefused(backchannel("/owner", "logout_token=a&logout_token=b"), 400, "more than once");
        assertRefused(send(HttpRequest.newBuilder(backchannelUri("/owner")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"logout_token\":\"x\"}"))), 400, "expected");
        assertRefused(backchannel("/owner", form("logout_token", "x".repeat(17 * 1024))), 413, "larger than");
        assertThat(send(HttpRequest.newBuilder(backchannelUri("/owner")).GET()).statusCode()).isEqualTo(405);
        // the other portals serve it outside their login as well (a login redirect would be a 302)
        for (String portal : List.of("/cluster", "/org")) {
            assertRefused(backchannel(portal, form("logout_token", forged(attacker, sids.get(0)))), 400,
                    "logout token refused");
        }

        // the owner's session survived all of it
        assertThat(get("/owner/index.xhtml", ownerSession).statusCode()).isEqualTo(200);
        browser.get(TestStack.portalUrl() + "/owner/index.xhtml");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("current-user"))).getText())
                .isEqualTo(owner.username());
    }

    /** Back in a portal after single sign-on; a portal that requires level 2 may ask for a code. */
    private void waitForPortal(DemoUser person) throws InterruptedException {
        By named = By.id("current-user");
        wait.until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(named),
                ExpectedConditions.visibilityOfElementLocated(By.id("otp"))));
        if (!browser.findElements(By.id("otp")).isEmpty()) {
            keycloak.enterOtp(person);
        }
        wait.until(ExpectedConditions.textToBe(named, person.username()));
    }

    private static void assertRefused(HttpResponse<String> answer, int status, String description) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonObject body = Json.createReader(new StringReader(answer.body())).readObject();
        assertThat(body.getString("error")).isEqualTo("invalid_request");
        assertThat(body.getString("error_description")).contains(description);
    }

    /** What Keycloak would send for {@code sid}, correct in every claim, but signed by {@code key}. */
    private static String forged(RsaJsonWebKey key, String sid) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(TestStack.info().issuerUrl());
        claims.setAudience("rap-owner", "rap-cluster", "rap-org");
        claims.setIssuedAtToNow();
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("sid", sid);
        claims.setClaim("typ", "Logout");
        claims.setClaim("events", Map.of(LOGOUT_EVENT, Map.of()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    /** The id of the realm's RS256 signing key, as its JWKS publishes it. */
    private String realmSigningKeyId() throws Exception {
        JsonArray keys = json(send(HttpRequest.newBuilder(URI.create(TestStack.info().issuerUrl()
                + "/protocol/openid-connect/certs")).GET())).asJsonObject().getJsonArray("keys");
        return keys.stream().map(JsonValue::asJsonObject)
                .filter(k -> "RS256".equals(k.getString("alg", null)) && "sig".equals(k.getString("use", null)))
                .map(k -> k.getString("kid")).findFirst().orElseThrow();
    }

    /** The ids (Keycloak's {@code sid}) of the person's SSO sessions, from Keycloak's admin API. */
    private List<String> keycloakSessionIds(String username) throws Exception {
        StackInfo stack = TestStack.info();
        String adminToken = json(send(HttpRequest.newBuilder(URI.create(stack.keycloakUrl()
                        + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username="
                        + encode(stack.keycloakAdmin().username()) + "&password="
                        + encode(stack.keycloakAdmin().password()))))).asJsonObject().getString("access_token");
        String users = stack.keycloakUrl() + "/admin/realms/rap/users";
        String userId = json(send(HttpRequest.newBuilder(URI.create(users + "?exact=true&username=" + encode(username)))
                .header("Authorization", "Bearer " + adminToken).GET())).asJsonArray()
                .getJsonObject(0).getString("id");
        JsonArray sessions = json(send(HttpRequest.newBuilder(URI.create(users + "/" + userId + "/sessions"))
                .header("Authorization", "Bearer " + adminToken).GET())).asJsonArray();
        return sessions.stream().map(s -> s.asJsonObject().getString("id")).toList();
    }

    private HttpResponse<String> backchannel(String portal, String form) throws Exception {
        return send(HttpRequest.newBuilder(backchannelUri(portal))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static URI backchannelUri(String portal) {
        return URI.create(TestStack.portalUrl() + portal + "/backchannel-logout");
    }

    private HttpResponse<String> get(String path, Cookie session) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(TestStack.portalUrl() + path))
                .header("Cookie", session.getName() + "=" + session.getValue()).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonValue json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.createReader(new StringReader(response.body())).readValue();
    }

    private static String form(String name, String value) {
        return encode(name) + "=" + encode(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
