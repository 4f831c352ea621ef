package io.rap.fabric.domain.infrastructure.identity;

/**
 * A verified back-channel logout token: the identity provider ended its session {@code sid}
 * (Keycloak's SSO session) of the person {@code subject}, who may be absent.
 */
public record LogoutToken(String sessionId, String subject) {
}
