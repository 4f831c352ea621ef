package io.rap.fabric.domain.enrollment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A join request as the review page shows it, with the checks the reviewer must see
 * ({@code review}; null in the answer of approve and reject, where the decision is already taken).
 */
public record JoinRequestView(UUID id, UUID clusterId, String clusterName, String nodeName, String hostname,
                              String os, String arch, String hostFingerprint, String keyThumbprint,
                              List<String> capabilities, List<String> requestedRoles, Map<String, String> facts,
                              String agentVersion, String sourceAddress, String status, Instant createdAt,
                              String reviewedBy, Instant reviewedAt, String rejectionReason, UUID approvedNodeId,
                              long version, JoinRequestReview review) {
}
