package io.rap.fabric.domain.node;

import java.time.Instant;
import java.util.UUID;

/**
 * One node in one cluster, as fleet lists show it. {@code health} is derived: see {@link Health}.
 * {@code groupId} and {@code groupName} are the membership's node group in that cluster, or null.
 */
public record NodeSummary(UUID nodeId, String name, String hostname, UUID clusterId, String clusterName,
                          String membershipStatus, String health, Instant lastHeartbeatAt, String agentVersion,
                          UUID groupId, String groupName) {
}
