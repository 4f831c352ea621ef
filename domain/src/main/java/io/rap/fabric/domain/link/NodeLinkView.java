package io.rap.fabric.domain.link;

import java.time.Instant;
import java.util.UUID;

/**
 * One path of a node in one of its clusters towards a peer as last reported, for the platform owner: direct when
 * {@code viaNodeId} is null, otherwise through that relay. Round trips are in microseconds;
 * {@code ageSeconds} is how long ago the node measured it.
 */
public record NodeLinkView(UUID clusterId, String clusterName, UUID peerNodeId, String peerName, UUID viaNodeId,
                           String viaName, int attempts, int failures, Long rttMedianMicros, Long rttP99Micros,
                           int consecutiveFailures, Instant lastSuccessAt, Instant lastFailureAt, Instant measuredAt, long ageSeconds) {

    /** A path whose last attempt failed. */
    public boolean failing() {
        return consecutiveFailures > 0;
    }

    public boolean direct() {
        return viaNodeId == null;
    }
}
