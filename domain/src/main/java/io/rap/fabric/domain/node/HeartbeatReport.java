package io.rap.fabric.domain.node;

import java.time.Instant;
import java.util.UUID;

/** The domain's view of a heartbeat body (already validated by the protocol layer). */
public record HeartbeatReport(UUID clusterId, String health, String agentVersion, Instant sentAt,
                              String workloadsJson, HostFactsRecord facts) {
}
