package io.rap.fabric.domain.node;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A capability the agent reported. Never read as a permission. */
@Entity
@Table(name = "node_capabilities")
public class NodeCapability {

    @Id
    private UUID id;

    @Column(name = "node_id", nullable = false)
    private UUID nodeId;

    @Column(nullable = false)
    private String capability;

    @Column(name = "reported_at", nullable = false)
    private Instant reportedAt;

    protected NodeCapability() {
    }

    public NodeCapability(UUID nodeId, String capability, Instant reportedAt) {
        this.id = UUID.randomUUID();
        this.nodeId = nodeId;
        this.capability = capability;
        this.reportedAt = reportedAt;
    }

    public String capability() { return capability; }
}
