package io.rap.fabric.domain.node;

import java.time.Instant;
import java.util.UUID;

/**
 * The domain's view of a heartbeat body (already validated by the protocol layer).
 *
 * @param runtimeJson the agent's runtime block as JSON, {@code null} unless heartbeat_detail applies
 */
public record HeartbeatReport(UUID clusterId, String health, String agentVersion, Instant sentAt,
                              String workloadsJson, HostFactsRecord facts, String runtimeJson) {

    /** Without a runtime block. */
    public HeartbeatReport(UUID clusterId, String health, String agentVersion, Instant sentAt, String workloadsJson,
                           HostFactsRecord facts) {
        this(clusterId, health, agentVersion, sentAt, workloadsJson, facts, null);
    }
}
