package io.rap.fabric.domain.enrollment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record JoinTokenView(UUID id, UUID clusterId, String description, List<String> allowedRoles, String status,
                            Instant expiresAt, int maxUses, int usedCount, String createdBy, Instant createdAt) {
}
