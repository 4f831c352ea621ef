package io.rap.fabric.domain.node;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "cluster_memberships")
public class ClusterMembership {

    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled";
    public static final String LEFT = "left";

    @Id
    private UUID id;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(name = "node_id", nullable = false)
    private UUID nodeId;

    @Column(nullable = false)
    private String status;

    @Column(name = "joined_at", nullable = false)
    private Instant joinedAt;

    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /**
     * Read-only here: only {@link DesiredStateVersions} changes it, with an increment in SQL. Were
     * it written from the entity, a heartbeat that loaded the membership before an assignment
     * committed would write the old number back and the node would miss the change.
     */
    @Column(name = "desired_state_version", insertable = false, updatable = false)
    private long desiredStateVersion;

    /**
     * Read-only here: only NodeGroupService changes it, with an SQL update that leaves the version
     * alone, so a person filing a node into a group never makes a concurrent heartbeat fail, and a
     * heartbeat that loaded the membership earlier never writes the old group back.
     */
    @Column(name = "node_group_id", insertable = false, updatable = false)
    private UUID nodeGroupId;

    @Version
    private long version;

    protected ClusterMembership() {
    }

    public ClusterMembership(UUID clusterId, UUID nodeId, Instant now) {
        this.id = UUID.randomUUID();
        this.clusterId = clusterId;
        this.nodeId = nodeId;
        this.status = ACTIVE;
        this.joinedAt = now;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void seen(Instant now) {
        this.lastSeenAt = now;
        this.updatedAt = now;
    }

    void leave(Instant now) {
        this.status = LEFT;
        this.updatedAt = now;
    }

    /**
     * A node that left comes back through an approved join request that proved it is this node:
     * the same membership row (one per node and cluster) is active again, joined now.
     */
    public void rejoin(Instant now) {
        if (!LEFT.equals(status)) {
            throw new IllegalStateException("only a membership the node left can be joined again, not " + status);
        }
        this.status = ACTIVE;
        this.joinedAt = now;
        this.updatedAt = now;
    }

    void disable(Instant now) {
        this.status = DISABLED;
        this.updatedAt = now;
    }

    public UUID id() { return id; }
    public UUID clusterId() { return clusterId; }
    public UUID nodeId() { return nodeId; }
    public String status() { return status; }
    public Instant joinedAt() { return joinedAt; }
    public Instant lastSeenAt() { return lastSeenAt; }
    public boolean isActive() { return ACTIVE.equals(status); }
    public long desiredStateVersion() { return desiredStateVersion; }
    public UUID nodeGroupId() { return nodeGroupId; }
}
