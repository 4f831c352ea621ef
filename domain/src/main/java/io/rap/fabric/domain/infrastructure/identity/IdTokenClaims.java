package io.rap.fabric.domain.infrastructure.identity;

import java.time.Instant;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/** The claims of an ID token the application server already verified at login. */
public record IdTokenClaims(String subject, String username, String acr, Optional<Instant> authTime) {

    /** Level-2 authentication context (password + TOTP) in the realm's {@code acr.loa.map}. */
    public static final String LEVEL_2_ACR = "gold";

    /**
     * Reads claims without checking the signature: only for tokens the container's OIDC adapter
     * has verified when it established the session.
     */
    public static IdTokenClaims ofContainerVerified(String idToken) {
        JwtConsumer reader = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                .setSkipSignatureVerification().build();
        try {
            return of(reader.processToClaims(idToken));
        } catch (InvalidJwtException e) {
            throw new StepUpFailedException("The session's ID token cannot be read", e);
        }
    }

    static IdTokenClaims of(JwtClaims claims) {
        try {
            Object authTime = claims.getClaimValue("auth_time");
            return new IdTokenClaims(claims.getSubject(), claims.getStringClaimValue("preferred_username"),
                    claims.getStringClaimValue("acr"),
                    authTime instanceof Number n ? Optional.of(Instant.ofEpochSecond(n.longValue())) : Optional.empty());
        } catch (MalformedClaimException e) {
            throw new StepUpFailedException("The ID token has malformed claims", e);
        }
    }

    /** When this token proves a level-2 authentication, its time. */
    public Optional<Instant> level2AuthTime() {
        return LEVEL_2_ACR.equals(acr) ? authTime : Optional.empty();
    }
}
