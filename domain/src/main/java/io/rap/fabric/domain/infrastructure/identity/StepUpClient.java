package io.rap.fabric.domain.infrastructure.identity;

import io.rap.fabric.domain.access.AccessPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;

/**
 * Step-up done by the application (WildFly's OIDC adapter cannot ask for an {@code acr}): send the
 * person to the authorization endpoint with {@code acr_values=gold}, PKCE, state and nonce, then
 * exchange the code and accept only a signed ID token of the same subject with {@code acr=gold}
 * and an {@code auth_time} no older than {@link AccessPolicy#stepUpMaxAge()}.
 */
@ApplicationScoped
public class StepUpClient {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration PENDING_MAX_AGE = Duration.ofMinutes(10);
    private static final Duration CLOCK_SKEW = OidcProviders.CLOCK_SKEW;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Clock clock = Clock.systemUTC();

    @jakarta.inject.Inject
    AccessPolicy access;

    @jakarta.inject.Inject
    OidcProviders providers;

    public PendingStepUp begin(OidcClientSettings client, String redirectUri, String loginHint, String expectedSubject,
                               String returnTo) {
        OidcProviders.Provider provider = provider(client.issuer());
        String state = random(32);
        String nonce = random(32);
        String verifier = random(48);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", client.clientId());
        params.put("redirect_uri", redirectUri);
        params.put("scope", "openid");
        params.put("state", state);
        params.put("nonce", nonce);
        params.put("acr_values", IdTokenClaims.LEVEL_2_ACR);
        params.put("code_challenge", challenge(verifier));
        params.put("code_challenge_method", "S256");
        if (loginHint != null) {
            params.put("login_hint", loginHint);
        }
        String url = provider.authorizationEndpoint() + "?" + form(params);
        return new PendingStepUp(url, state, nonce, verifier, redirectUri, expectedSubject, returnTo, clock.instant());
    }

    /** Returns the verified time of the level-2 authentication. */
    public Instant complete(OidcClientSettings client, PendingStepUp pending, String code, String state) {
        if (pending == null) {
            throw new StepUpFailedException("No confirmation was started in this session");
        }
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.US_ASCII),
                pending.state().getBytes(StandardCharsets.US_ASCII))) {
            throw new StepUpFailedException("The confirmation answer does not match the request (state)");
        }
        if (pending.startedAt().plus(PENDING_MAX_AGE).isBefore(clock.instant())) {
            throw new StepUpFailedException("The confirmation took too long; start it again");
        }
        if (code == null || code.isBlank() || code.length() > 4096) {
            throw new StepUpFailedException("The identity provider returned no authorization code");
        }
        OidcProviders.Provider provider = provider(client.issuer());
        JsonObject tokens = exchange(client, provider, pending, code);
        if (!tokens.containsKey("id_token")) {
            throw new StepUpFailedException("The identity provider returned no ID token");
        }
        JwtClaims claims = verify(client, provider, tokens.getString("id_token"));
        IdTokenClaims idToken = IdTokenClaims.of(claims);
        Object nonce = claims.getClaimValue("nonce");
        if (!pending.nonce().equals(nonce)) {
            throw new StepUpFailedException("The ID token was not issued for this confirmation (nonce)");
        }
        if (!pending.expectedSubject().equals(idToken.subject())) {
            throw new StepUpFailedException("The confirmation was done by a different account");
        }
        Instant authTime = idToken.level2AuthTime()
                .orElseThrow(() -> new StepUpFailedException("The identity provider did not confirm a one-time code"));
        Instant now = clock.instant();
        if (authTime.isBefore(now.minus(access.stepUpMaxAge())) || authTime.isAfter(now.plus(CLOCK_SKEW))) {
            throw new StepUpFailedException("The confirmation is not fresh");
        }
        return authTime;
    }

    private JsonObject exchange(OidcClientSettings client, OidcProviders.Provider provider, PendingStepUp pending,
                                String code) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("code", code);
        params.put("redirect_uri", pending.redirectUri());
        params.put("code_verifier", pending.codeVerifier());
        String basic = Base64.getEncoder().encodeToString((urlEncode(client.clientId()) + ":"
                + urlEncode(client.clientSecret())).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(provider.tokenEndpoint()))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new StepUpFailedException("The identity provider refused the code exchange (HTTP "
                    + response.statusCode() + ")");
        }
        return json(response.body());
    }

    private JwtClaims verify(OidcClientSettings client, OidcProviders.Provider provider, String idToken) {
        JwtConsumer consumer = OidcProviders.signedFor(client.issuer(), client.clientId(), provider.keys())
                .setRequireExpirationTime()
                .setRequireSubject()
                .build();
        try {
            return consumer.processToClaims(idToken);
        } catch (InvalidJwtException e) {
            throw new StepUpFailedException("The ID token did not verify", e);
        }
    }

    private OidcProviders.Provider provider(String issuer) {
        try {
            return providers.provider(issuer);
        } catch (IdentityProviderUnavailableException e) {
            throw new StepUpFailedException(e.getMessage(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StepUpFailedException("The identity provider is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepUpFailedException("Interrupted while talking to the identity provider", e);
        }
    }

    private static JsonObject json(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new StepUpFailedException("The identity provider answered with malformed JSON", e);
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
