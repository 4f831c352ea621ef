package io.rap.fabric.domain.role;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * An explicit role of a node in one cluster, optionally limited to one organization. Disabled
 * assignments stay as history; a partial unique index allows one active row per role and scope.
 */
@Entity
@Table(name = "node_role_assignments")
public class RoleAssignment {

    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled";

    @Id
    private UUID id;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(name = "node_id", nullable = false)
    private UUID nodeId;

    @Column(nullable = false)
    private String role;

    /** An organization this cluster serves (checked by the service; foreign key V0027). */
    @Column(name = "organization_id")
    private UUID organizationId;

    @Column(nullable = false)
    private String status;

    @Column(name = "assigned_by", nullable = false)
    private String assignedBy;

    @Column(name = "assigned_at", nullable = false)
    private Instant assignedAt;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String policy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected RoleAssignment() {
    }

    RoleAssignment(UUID clusterId, UUID nodeId, String role, UUID organizationId, String assignedBy, Instant now) {
        this.id = UUID.randomUUID();
        this.clusterId = clusterId;
        this.nodeId = nodeId;
        this.role = role;
        this.organizationId = organizationId;
        this.status = ACTIVE;
        this.assignedBy = assignedBy;
        this.assignedAt = now;
        this.policy = "{}";
        this.createdAt = now;
        this.updatedAt = now;
    }

    void disable(Instant now) {
        this.status = DISABLED;
        this.updatedAt = now;
    }

    public UUID id() { return id; }
    public UUID clusterId() { return clusterId; }
    public UUID nodeId() { return nodeId; }
    public String role() { return role; }
    public UUID organizationId() { return organizationId; }
    public String status() { return status; }
    public boolean isActive() { return ACTIVE.equals(status); }
    public String assignedBy() { return assignedBy; }
    public Instant assignedAt() { return assignedAt; }
    public Instant updatedAt() { return updatedAt; }
}
