package io.rap.fabric.domain.cluster;

import java.time.Instant;
import java.util.UUID;

public record ClusterView(UUID id, String name, String slug, String status, String region, String description,
                          String authorityState, long authorityTerm, long activeMembers, Instant createdAt) {
}
