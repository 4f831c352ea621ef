package io.rap.fabric.domain.role;

import java.time.Instant;
import java.util.UUID;

/** A role assignment for pages; {@code updatedAt} is when it was disabled for a disabled one. */
public record RoleAssignmentView(UUID id, UUID clusterId, UUID nodeId, String nodeName, String role,
                                 UUID organizationId, String status, String assignedBy, Instant assignedAt,
                                 Instant updatedAt) {

    static RoleAssignmentView of(RoleAssignment a, String nodeName) {
        return new RoleAssignmentView(a.id(), a.clusterId(), a.nodeId(), nodeName, a.role(), a.organizationId(),
                a.status(), a.assignedBy(), a.assignedAt(), a.updatedAt());
    }
}
