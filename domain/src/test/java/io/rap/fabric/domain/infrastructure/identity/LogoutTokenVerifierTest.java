package io.rap.fabric.domain.infrastructure.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checks of OpenID Connect Back-Channel Logout 1.0 §2.6 on tokens built here, signed with keys
 * generated here: the realm's key and an attacker's key with the same key id. No network.
 */
class LogoutTokenVerifierTest {

    private static final String ISSUER = "http://127.0.0.1:8180/realms/rap";
    private static final String CLIENT = "rap-cluster";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static RsaJsonWebKey realmKey;
    private static RsaJsonWebKey attackerKey;
    private static VerificationKeyResolver realmKeys;

    @BeforeAll
    static void keys() throws JoseException {
        realmKey = RsaJwkGenerator.generateJwk(2048);
        realmKey.setKeyId("realm-key");
        attackerKey = RsaJwkGenerator.generateJwk(2048);
        attackerKey.setKeyId("realm-key");
        realmKeys = new JwksVerificationKeyResolver(List.of(realmKey));
    }

    @Test
    void acceptsAValidTokenAndNamesItsSession() throws JoseException {
        LogoutToken token = verify(sign(realmKey, claims(c -> { })));

        assertThat(token.sessionId()).isEqualTo("sid-1");
        assertThat(token.subject()).isEqualTo("subject-1");
    }

    @Test
    void acceptsAnAudienceListContainingThisClient() throws JoseException {
        LogoutToken token = verify(sign(realmKey, claims(c -> c.setAudience("rap-org", CLIENT))));

        assertThat(token.sessionId()).isEqualTo("sid-1");
    }

    @Test
    void refusesATokenSignedByAnotherKey() throws JoseException {
        String forged = sign(attackerKey, claims(c -> { }));

        assertRefused(forged, "SIGNATURE_INVALID");
    }

    @Test
    void refusesAnUnsignedToken() throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(c -> { }).toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);

        assertRefused(jws.getCompactSerialization(), "did not verify");
    }

    @Test
    void refusesAnotherIssuer() throws JoseException {
        assertRefused(sign(realmKey, claims(c -> c.setIssuer("http://127.0.0.1:8180/realms/other"))), "ISSUER_INVALID");
    }

    @Test
    void refusesAnotherAudience() throws JoseException {
        assertRefused(sign(realmKey, claims(c -> c.setAudience("rap-owner"))), "AUDIENCE_INVALID");
    }

    @Test
    void refusesATokenWithoutAudience() throws JoseException {
        assertRefused(sign(realmKey, claims(c -> c.unsetClaim("aud"))), "AUDIENCE_MISSING");
    }

    @Test
    void refusesATokenWithoutTheLogoutEvent() throws JoseException {
        assertRefused(sign(realmKey, claims(c -> c.unsetClaim("events"))), "logout event");
        assertRefused(sign(realmKey, claims(c -> c.setClaim("events",
                Map.of("http://schemas.openid.net/event/other", Map.of())))), "logout event");
        assertRefused(sign(realmKey, claims(c -> c.setClaim("events",
                Map.of(LogoutTokenVerifier.LOGOUT_EVENT, "yes")))), "logout event");
    }

    @Test
    void refusesATokenWithANonce() throws JoseException {
        assertRefused(sign(realmKey, claims(c -> c.setClaim("nonce", "n-1"))), "nonce");
    }

    @Test
    void refusesATokenWithoutSessionId() throws JoseException {
        assertRefused(sign(realmKey, claims(c -> c.unsetClaim("sid"))), "sid");
        assertRefused(sign(realmKey, claims(c -> c.setClaim("sid", ""))), "sid");
    }

    @Test
    void refusesATokenIssuedTooLongAgoOrInTheFuture() throws JoseException {
        assertRefused(sign(realmKey, claims(c -> c.setIssuedAt(NumericDate.fromSeconds(
                NOW.minus(LogoutTokenVerifier.MAX_AGE).minusSeconds(60).getEpochSecond())))), "ISSUED_AT_INVALID_PAST");
        // jose4j files an iat in the future under its MISCELLANEOUS code; nothing else differs from a valid token
        assertRefused(sign(realmKey, claims(c -> c.setIssuedAt(NumericDate.fromSeconds(
                NOW.plusSeconds(600).getEpochSecond())))), "did not verify");
        assertRefused(sign(realmKey, claims(c -> c.unsetClaim("iat"))), "ISSUED_AT_MISSING");
    }

    @Test
    void refusesAnExpiredToken() throws JoseException {
        assertRefused(sign(realmKey, claims(c -> c.setExpirationTime(NumericDate.fromSeconds(
                NOW.minusSeconds(120).getEpochSecond())))), "EXPIRED");
    }

    @Test
    void refusesATokenWithoutId() throws JoseException {
        assertRefused(sign(realmKey, claims(c -> c.unsetClaim("jti"))), "JWT_ID_MISSING");
    }

    @Test
    void refusesGarbageAndNothing() {
        assertRefused("not-a-jwt", "did not verify");
        assertRefused("", "no logout token");
        assertRefused(null, "no logout token");
    }

    private static LogoutToken verify(String token) {
        return LogoutTokenVerifier.verify(token, ISSUER, CLIENT, realmKeys, NOW);
    }

    private static void assertRefused(String token, String reason) {
        assertThatThrownBy(() -> verify(token)).isInstanceOf(LogoutTokenRejectedException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(token == null || token.length() < 20 || !e.getMessage().contains(
                        token.substring(0, 20))).as("the message quotes the token: %s", e.getMessage()).isTrue())
                .satisfies(e -> assertThat(((LogoutTokenRejectedException) e).code()).isEqualTo("logout_token_invalid"));
    }

    /** What Keycloak sends, changed by {@code change}. */
    private static JwtClaims claims(Consumer<JwtClaims> change) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(CLIENT);
        claims.setSubject("subject-1");
        claims.setIssuedAt(NumericDate.fromSeconds(NOW.minusSeconds(3).getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(NOW.plusSeconds(300).getEpochSecond()));
        claims.setJwtId("jti-1");
        claims.setClaim("sid", "sid-1");
        claims.setClaim("typ", "Logout");
        claims.setClaim("events", Map.of(LogoutTokenVerifier.LOGOUT_EVENT, Map.of()));
        change.accept(claims);
        return claims;
    }

    private static String sign(RsaJsonWebKey key, JwtClaims claims) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }
}
