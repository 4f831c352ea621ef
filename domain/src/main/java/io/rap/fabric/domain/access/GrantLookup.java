package io.rap.fabric.domain.access;

import java.util.Set;
import java.util.UUID;

/** Active admin grants of a person, answered by the database (never cached: a revocation counts at once). */
public interface GrantLookup {

    boolean hasActiveGrant(String username, String scopeKind, UUID targetId);

    Set<UUID> activeTargets(String username, String scopeKind);
}
