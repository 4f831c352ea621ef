package io.rap.fabric.domain.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One cluster in the side-by-side comparison.
 *
 * @param memberships      memberships by status (active, disabled, revoked, left): the node distribution
 * @param health           active memberships by derived health, every health key present
 * @param placement        enabled desired workloads by workload type: the service placement
 * @param workloadStates   enabled desired workloads by reported state
 * @param cpuCount         CPUs of the active members' hosts, as their agents report them in host facts
 * @param memoryBytes      memory of the active members' hosts, as reported
 * @param missingRoles     roles the cluster needs that no healthy node holds
 */
public record ClusterComparison(UUID clusterId, String name, String slug, String authorityState, long authorityTerm,
                                Instant authorityChangedAt, Map<String, Long> memberships, Map<String, Long> health,
                                Map<String, Long> placement, Map<String, Long> workloadStates, long cpuCount,
                                long memoryBytes, List<String> missingRoles) {

    public ClusterComparison {
        memberships = Map.copyOf(memberships);
        health = Map.copyOf(health);
        placement = Map.copyOf(placement);
        workloadStates = Map.copyOf(workloadStates);
        missingRoles = List.copyOf(missingRoles);
    }

    /** Enabled workloads per active member: the load the heartbeats let us see (they carry no CPU load). */
    public double workloadsPerNode() {
        long active = memberships.getOrDefault("active", 0L);
        long workloads = placement.values().stream().mapToLong(Long::longValue).sum();
        return active == 0 ? 0 : (double) workloads / active;
    }
}
