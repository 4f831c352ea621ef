package io.rap.fabric.domain.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The owner's overview of the fleet (or of one cluster): every number is a count the database
 * computed, and each has a filtered list behind it.
 *
 * @param clusters            clusters
 * @param activeNodes         active memberships (a node in two clusters counts twice, as the node list shows it)
 * @param health              active memberships by derived health ({@code healthy}, {@code degraded},
 *                            {@code unhealthy}, {@code silent}, {@code unknown}); every key is present
 * @param pendingJoinRequests join requests still waiting for a decision within their time to live
 * @param workloads           enabled desired workloads by reported state ({@code unreported} when the node
 *                            has not said anything yet)
 * @param coverageGaps        roles a cluster needs that no healthy node holds
 * @param risks               the risky states, counted
 * @param computedAt          when the database was asked: a shared overview ({@link FleetHealth#currentOverview})
 *                            may be a few seconds old
 */
public record FleetOverview(long clusters, long activeNodes, Map<String, Long> health, long pendingJoinRequests,
                            Map<String, Long> workloads, List<CoverageGap> coverageGaps, Risks risks,
                            Instant computedAt) {

    public FleetOverview {
        health = Map.copyOf(health);
        workloads = Map.copyOf(workloads);
        coverageGaps = List.copyOf(coverageGaps);
    }

    /** Counts of the conditions that raise alerts; see {@link FleetAlert}. */
    public record Risks(long expiringCertificates, long silentNodes, long clustersNotHealthy, long failedWorkloads,
                        long coverageGaps) {

        public long total() {
            return expiringCertificates + silentNodes + clustersNotHealthy + failedWorkloads + coverageGaps;
        }
    }
}
