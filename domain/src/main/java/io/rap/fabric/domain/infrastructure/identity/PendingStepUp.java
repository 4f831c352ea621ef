package io.rap.fabric.domain.infrastructure.identity;

import java.io.Serializable;
import java.time.Instant;

/**
 * A step-up in flight, kept in the person's HTTP session between the redirect to the identity
 * provider and the callback. Holds the PKCE verifier, so it never leaves the server.
 */
public record PendingStepUp(String authorizationUrl, String state, String nonce, String codeVerifier,
                            String redirectUri, String expectedSubject, String returnTo, Instant startedAt)
        implements Serializable {
}
