package io.rap.fabric.domain.infrastructure.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * Checks a back-channel logout token as OpenID Connect Back-Channel Logout 1.0 §2.6 asks: signed by
 * the identity provider (its JWKS, through {@link OidcProviders}), our issuer, our client id among
 * the audiences, issued within the last {@link #MAX_AGE}, with an id ({@code jti}), the logout event,
 * a session id ({@code sid}: the realm requires it, and sessions are ended by it) and no
 * {@code nonce}, so an ID token can never pass for a logout token.
 *
 * <p>There is no replay store for {@code jti}: a replayed token can only end the same session again,
 * and Keycloak never reuses a session id.
 */
@ApplicationScoped
public class LogoutTokenVerifier {

    public static final String LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** Keycloak sends the token while the person's logout request runs, so it is seconds old. */
    static final Duration MAX_AGE = Duration.ofMinutes(2);

    private static final Map<Integer, String> ERROR_NAMES = errorNames();

    private final Clock clock = Clock.systemUTC();

    @Inject
    OidcProviders providers;

    /**
     * @throws LogoutTokenRejectedException         when a check fails
     * @throws IdentityProviderUnavailableException when the provider's keys cannot be fetched
     */
    public LogoutToken verify(String issuer, String clientId, String token) {
        return verify(token, issuer, clientId, providers.provider(issuer).keys(), clock.instant());
    }

    static LogoutToken verify(String token, String issuer, String clientId, VerificationKeyResolver keys,
                              Instant now) {
        if (token == null || token.isBlank()) {
            throw new LogoutTokenRejectedException("no logout token");
        }
        JwtClaims claims;
        try {
            claims = OidcProviders.signedFor(issuer, clientId, keys)
                    .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
                    .setRequireIssuedAt()
                    .setIssuedAtRestrictions((int) OidcProviders.CLOCK_SKEW.toSeconds(), (int) MAX_AGE.toSeconds())
                    .setRequireJwtId()
                    .build().processToClaims(token);
        } catch (InvalidJwtException e) {
            // jose4j's exception is left out as the cause: its message can quote the token
            throw new LogoutTokenRejectedException("the token did not verify: " + reason(e));
        }
        if (!(claims.getClaimValue("events") instanceof Map<?, ?> events)
                || !(events.get(LOGOUT_EVENT) instanceof Map<?, ?>)) {
            throw new LogoutTokenRejectedException("the token carries no back-channel logout event");
        }
        if (claims.hasClaim("nonce")) {
            throw new LogoutTokenRejectedException("the token has a nonce, so it is not a logout token");
        }
        try {
            String sid = claims.getStringClaimValue("sid");
            if (sid == null || sid.isBlank()) {
                throw new LogoutTokenRejectedException("the token names no session (sid)");
            }
            return new LogoutToken(sid, claims.getSubject());
        } catch (MalformedClaimException e) {
            throw new LogoutTokenRejectedException("the token's sid or sub is not a string", e);
        }
    }

    /**
     * The names of the failed checks ({@code SIGNATURE_INVALID}, {@code AUDIENCE_INVALID}, ...), not
     * jose4j's messages: those can quote the whole token, which must not reach a log.
     */
    private static String reason(InvalidJwtException e) {
        String checks = e.getErrorDetails().stream().map(detail -> ERROR_NAMES.getOrDefault(detail.getErrorCode(),
                "error " + detail.getErrorCode())).distinct().collect(Collectors.joining(", "));
        if (checks.isEmpty() || checks.contains("MISCELLANEOUS")) {
            // unparseable, an algorithm we do not accept, or no key with that id
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            checks = (checks.isEmpty() ? "" : checks + " ") + "(" + cause.getClass().getSimpleName() + ")";
        }
        return checks;
    }

    private static Map<Integer, String> errorNames() {
        Map<Integer, String> names = new HashMap<>();
        for (Field field : ErrorCodes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                try {
                    names.put(field.getInt(null), field.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(names);
    }
}
