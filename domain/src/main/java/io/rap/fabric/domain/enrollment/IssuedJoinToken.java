package io.rap.fabric.domain.enrollment;

import java.time.Instant;
import java.util.UUID;

/** The only place the raw token ever appears: returned once to its creator, never stored. */
public record IssuedJoinToken(UUID id, UUID clusterId, String rawToken, Instant expiresAt, int maxUses) {

    @Override
    public String toString() {
        return "IssuedJoinToken[id=" + id + ", clusterId=" + clusterId + ", expiresAt=" + expiresAt + "]";
    }
}
