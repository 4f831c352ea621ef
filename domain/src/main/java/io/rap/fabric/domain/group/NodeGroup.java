package io.rap.fabric.domain.group;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A folder of a cluster's node tree (V0033). Changed only through {@link NodeGroupService}. */
@Entity
@Table(name = "node_groups")
public class NodeGroup {

    @Id
    private UUID id;

    @Column(name = "cluster_id", nullable = false, updatable = false)
    private UUID clusterId;

    @Column(name = "parent_id")
    private UUID parentId;

    @Column(nullable = false)
    private String name;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected NodeGroup() {
    }

    NodeGroup(UUID clusterId, UUID parentId, String name, String createdBy, Instant now) {
        this.id = UUID.randomUUID();
        this.clusterId = clusterId;
        this.parentId = parentId;
        this.name = name;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void rename(String newName, Instant now) {
        this.name = newName;
        this.updatedAt = now;
    }

    void moveUnder(UUID newParentId, Instant now) {
        this.parentId = newParentId;
        this.updatedAt = now;
    }

    public UUID id() { return id; }
    public UUID clusterId() { return clusterId; }
    public UUID parentId() { return parentId; }
    public String name() { return name; }
    public Instant createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }
    public long version() { return version; }
}
