package io.rap.fabric.domain.workload;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Desired next to reported for one workload of one membership. {@code authorizedBy} names the
 * active role that lets the node run it, or is null: then the node is not sent it (and stops it)
 * even while {@code desired} is {@code enabled}. For a workload the node reports but nobody
 * desired, {@code id} and {@code desired} are null.
 */
public record WorkloadView(UUID id, UUID clusterId, UUID nodeId, String nodeName, String name, String type,
                           Map<String, String> settings, String desired, String authorizedBy, String reportedState,
                           String reportedReason, Instant reportedAt) {

    public WorkloadView {
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** Enabled and authorized: what the node's desired state lists. */
    public boolean delivered() {
        return ServiceInstance.ENABLED.equals(desired) && authorizedBy != null;
    }
}
