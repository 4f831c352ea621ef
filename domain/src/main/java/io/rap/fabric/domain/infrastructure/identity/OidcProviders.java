package io.rap.fabric.domain.infrastructure.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * The identity provider as the application talks to it directly (WildFly's OIDC adapter keeps its
 * own copy): discovery metadata and the signing keys (JWKS), fetched once per issuer and kept, and
 * the signature, issuer and audience checks every token we verify ourselves must pass. The step-up
 * callback's ID tokens and the back-channel logout tokens share them, so there is one verifier.
 */
@ApplicationScoped
public class OidcProviders {

    /** How far our clock and the provider's may disagree. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Provider> providers = new ConcurrentHashMap<>();

    /**
     * @throws IdentityProviderUnavailableException when the discovery document cannot be fetched or
     *                                              names another issuer
     */
    public Provider provider(String issuer) {
        return providers.computeIfAbsent(issuer, this::discover);
    }

    /**
     * The checks shared by every token the identity provider signs for a client of ours: a signature
     * by one of {@code keys} with an asymmetric algorithm (never {@code none} or a MAC), the issuer,
     * our client id among the audiences. Callers add what their token type requires.
     */
    public static JwtConsumerBuilder signedFor(String issuer, String clientId, VerificationKeyResolver keys) {
        return new JwtConsumerBuilder()
                .setAllowedClockSkewInSeconds((int) CLOCK_SKEW.toSeconds())
                .setExpectedIssuer(issuer)
                .setExpectedAudience(clientId)
                .setVerificationKeyResolver(keys)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                        AlgorithmIdentifiers.RSA_PSS_USING_SHA256);
    }

    private Provider discover(String issuer) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IdentityProviderUnavailableException("The identity provider is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityProviderUnavailableException("Interrupted while talking to the identity provider", e);
        }
        if (response.statusCode() != 200) {
            throw new IdentityProviderUnavailableException("The identity provider's metadata is unavailable (HTTP "
                    + response.statusCode() + ")");
        }
        JsonObject doc;
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            doc = reader.readObject();
        } catch (RuntimeException e) {
            throw new IdentityProviderUnavailableException("The identity provider answered with malformed JSON", e);
        }
        if (!issuer.equals(doc.getString("issuer", null))) {
            throw new IdentityProviderUnavailableException("The identity provider reports a different issuer");
        }
        String jwksUri = doc.getString("jwks_uri", null);
        if (jwksUri == null) {
            throw new IdentityProviderUnavailableException("The identity provider publishes no signing keys");
        }
        // HttpsJwks keeps the keys and fetches them again when a token names a key it does not know.
        return new Provider(doc.getString("authorization_endpoint", null), doc.getString("token_endpoint", null),
                Optional.ofNullable(doc.getString("end_session_endpoint", null)),
                new HttpsJwksVerificationKeyResolver(new HttpsJwks(jwksUri)));
    }

    /** What the discovery document says, and the provider's signing keys. */
    public record Provider(String authorizationEndpoint, String tokenEndpoint, Optional<String> endSessionEndpoint,
                           VerificationKeyResolver keys) {
    }
}
