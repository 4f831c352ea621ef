package io.rap.fabric.domain.workload;

import java.time.Instant;

/**
 * One desired workload of a cluster next to what its node reported, with the node's own latest
 * heartbeat: a "running" reported an hour ago by a node that has been silent since is not news.
 * {@code nodeHealth} and {@code lastHeartbeatAt} are null for a node that never heartbeated.
 */
public record ClusterWorkloadView(WorkloadView workload, String nodeHealth, Instant lastHeartbeatAt) {
}
