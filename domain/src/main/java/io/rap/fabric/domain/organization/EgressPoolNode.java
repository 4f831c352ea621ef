package io.rap.fabric.domain.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A node backing an egress pool. Platform side only: organization-facing code reads these rows
 * only through aggregate health counts ({@link EgressPoolService}), never one by one.
 */
@Entity
@Table(name = "egress_pool_nodes")
public class EgressPoolNode {

    @Id
    private UUID id;

    @Column(name = "egress_pool_id", nullable = false)
    private UUID egressPoolId;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(name = "node_id", nullable = false)
    private UUID nodeId;

    @Column(name = "added_by", nullable = false)
    private String addedBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected EgressPoolNode() {
    }

    EgressPoolNode(UUID egressPoolId, UUID clusterId, UUID nodeId, String addedBy, Instant now) {
        this.id = UUID.randomUUID();
        this.egressPoolId = egressPoolId;
        this.clusterId = clusterId;
        this.nodeId = nodeId;
        this.addedBy = addedBy;
        this.createdAt = now;
    }

    public UUID id() { return id; }
    public UUID egressPoolId() { return egressPoolId; }
    public UUID nodeId() { return nodeId; }
}
