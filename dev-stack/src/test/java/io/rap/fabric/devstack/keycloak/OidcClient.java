package io.rap.fabric.devstack.keycloak;

import io.rap.fabric.devstack.demo.HttpBrowser;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a relying party does around the browser: build the authorization request, exchange the code, check tokens. */
final class OidcClient {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OidcClient(String issuer, String clientId, String clientSecret, String redirectUri) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
    }

    /** One authorization attempt: the values the application keeps in its session until the callback. */
    record Attempt(URI uri, String state, String nonce, String codeVerifier) {
    }

    /** @param extra e.g. {@code acr_values}, {@code login_hint}; PKCE S256 is added when {@code pkce} is set */
    Attempt authorization(boolean pkce, Map<String, String> extra) {
        String state = random();
        String nonce = random();
        String verifier = pkce ? random() + random() : null;
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("client_id", clientId);
        parameters.put("response_type", "code");
        parameters.put("scope", "openid");
        parameters.put("redirect_uri", redirectUri);
        parameters.put("state", state);
        parameters.put("nonce", nonce);
        if (pkce) {
            parameters.put("code_challenge", B64URL.encodeToString(sha256(verifier)));
            parameters.put("code_challenge_method", "S256");
        }
        parameters.putAll(extra);
        URI uri = URI.create(issuer + "/protocol/openid-connect/auth?" + HttpBrowser.formEncode(parameters));
        return new Attempt(uri, state, nonce, verifier);
    }

    /** Authorization code → token response (client_secret_basic). */
    JsonObject exchange(Attempt attempt, Map<String, String> callback) throws IOException, InterruptedException {
        if (!attempt.state().equals(callback.get("state"))) {
            throw new AssertionError("state mismatch in " + callback);
        }
        if (!issuer.equals(callback.get("iss"))) {
            throw new AssertionError("authorization response names issuer " + callback.get("iss"));
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", callback.get("code"));
        form.put("redirect_uri", redirectUri);
        if (attempt.codeVerifier() != null) {
            form.put("code_verifier", attempt.codeVerifier());
        }
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(HttpBrowser.formEncode(form)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("token endpoint answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    /**
     * Verifies the RS256 signature against the realm's JWKS plus issuer, audience and nonce, and returns the claims.
     * (The portals do the same with jose4j; this keeps the test free of a JOSE library.)
     */
    JsonObject verifiedIdToken(JsonObject tokenResponse, Attempt attempt) throws IOException, InterruptedException {
        String[] parts = tokenResponse.getString("id_token").split("\\.");
        JsonObject header = parse(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        if (!"RS256".equals(header.getString("alg"))) {
            throw new AssertionError("unexpected alg " + header);
        }
        PublicKey key = signingKey(header.getString("kid"));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                throw new AssertionError("ID token signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new AssertionError("cannot verify ID token", e);
        }
        JsonObject claims = payload(tokenResponse.getString("id_token"));
        if (!issuer.equals(claims.getString("iss"))) {
            throw new AssertionError("iss " + claims.getString("iss"));
        }
        JsonValue aud = claims.get("aud");
        boolean audienceOk = aud.getValueType() == JsonValue.ValueType.STRING
                ? clientId.equals(claims.getString("aud"))
                : claims.getJsonArray("aud").getValuesAs(jakarta.json.JsonString::getString).contains(clientId);
        if (!audienceOk || !attempt.nonce().equals(claims.getString("nonce"))) {
            throw new AssertionError("audience or nonce wrong: " + claims);
        }
        long now = System.currentTimeMillis() / 1000;
        if (claims.getJsonNumber("exp").longValue() < now) {
            throw new AssertionError("ID token already expired: " + claims);
        }
        return claims;
    }

    static JsonObject payload(String jwt) {
        return parse(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private PublicKey signingKey(String kid) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/certs")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonValue value : parse(response.body()).getJsonArray("keys")) {
            JsonObject jwk = value.asJsonObject();
            if (kid.equals(jwk.getString("kid")) && "RSA".equals(jwk.getString("kty"))) {
                BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("n")));
                BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("e")));
                try {
                    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
                } catch (GeneralSecurityException e) {
                    throw new AssertionError("unusable JWK " + jwk, e);
                }
            }
        }
        throw new AssertionError("no RSA key " + kid + " in the realm's JWKS");
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return B64URL.encodeToString(bytes);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
