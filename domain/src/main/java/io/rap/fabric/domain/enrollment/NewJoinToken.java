package io.rap.fabric.domain.enrollment;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Input of {@link JoinTokenService#issue}; null ttl or maxUses take the defaults (1 hour, 1 use). */
public record NewJoinToken(UUID clusterId, String description, Duration ttl, Integer maxUses,
                           List<String> allowedRoles) {
}
