package io.rap.fabric.domain.fleet;

import java.time.Instant;
import java.util.UUID;

/**
 * A role the cluster needs that no healthy node holds.
 *
 * @param holders         active memberships holding the role (none of them healthy)
 * @param lastHealthyAt   the last heartbeat of any holder, so roughly since when the role is uncovered;
 *                        null when nobody holds it
 */
public record CoverageGap(UUID clusterId, String clusterName, String role, long holders, Instant lastHealthyAt) {
}
