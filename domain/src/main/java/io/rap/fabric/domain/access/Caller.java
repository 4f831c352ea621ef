package io.rap.fabric.domain.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticated person on whose behalf a domain method runs. Built by the web layer from
 * the verified OIDC identity; domain services decide from it, never from request state.
 *
 * @param subject       the identity provider's stable subject id
 * @param username      the login name, used in audit and in admin grants
 * @param realmRoles    portal roles granted by the identity provider
 * @param strongAuthAt  when the person last completed a level-2 (password + TOTP) authentication
 */
public record Caller(String subject, String username, Set<String> realmRoles, Optional<Instant> strongAuthAt) {

    public static final String PLATFORM_OWNER = "platform-owner";
    public static final String CLUSTER_ADMIN = "cluster-admin";
    public static final String ORG_ADMIN = "org-admin";

    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(username, "username");
        realmRoles = Set.copyOf(realmRoles);
        Objects.requireNonNull(strongAuthAt, "strongAuthAt");
    }

    public boolean hasRealmRole(String role) {
        return realmRoles.contains(role);
    }

    public boolean isPlatformOwner() {
        return hasRealmRole(PLATFORM_OWNER);
    }
}
