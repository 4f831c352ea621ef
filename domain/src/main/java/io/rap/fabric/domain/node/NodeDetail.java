package io.rap.fabric.domain.node;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record NodeDetail(UUID id, String name, String enrollmentStatus, String hostname, String os, String kernel,
                         String arch, Integer cpuCount, Long memoryBytes, String hostFingerprint,
                         List<String> addresses, List<String> capabilities, Instant createdAt,
                         List<Membership> memberships) {

    public record Membership(UUID clusterId, String clusterName, String status, Instant joinedAt, String health,
                             Instant lastHeartbeatAt, String agentVersion, long heartbeatCount,
                             String certificateSerial, Instant certificateNotAfter, String identityStatus,
                             UUID groupId, String groupName) {
    }

}
