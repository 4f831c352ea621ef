package io.rap.fabric.domain.access;

import java.time.Instant;
import java.util.UUID;

/** A grant as the owner console lists it; {@code targetName} is the cluster's or organization's name. */
public record AdminGrantView(UUID id, String username, String scopeKind, UUID targetId, String targetName,
                             String grantedBy, Instant createdAt, Instant revokedAt, String revokedBy) {

    public boolean active() {
        return revokedAt == null;
    }
}
