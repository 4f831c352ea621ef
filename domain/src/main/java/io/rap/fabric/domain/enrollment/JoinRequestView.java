package io.rap.fabric.domain.enrollment;

import io.rap.fabric.domain.shared.ValidationException;
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

    /** Every status a request can have, in the order a reviewer meets them. */
    public static final List<String> STATUSES = List.of(JoinRequest.PENDING, JoinRequest.APPROVED,
            JoinRequest.REJECTED, JoinRequest.EXPIRED);

    /**
     * A status filter as a link or form gives it: blank means any (null), a known status itself;
     * anything else is refused rather than silently listing nothing.
     */
    public static String statusFilter(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        String value = status.strip();
        if (!STATUSES.contains(value)) {
            throw new ValidationException("status",
                    "Unknown join request status: use one of " + String.join(", ", STATUSES));
        }
        return value;
    }
}
