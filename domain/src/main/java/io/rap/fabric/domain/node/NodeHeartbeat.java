package io.rap.fabric.domain.node;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;

/** One row of the append-only heartbeat log. */
@Entity
@Immutable
@Table(name = "node_heartbeats")
public class NodeHeartbeat {

    @Id
    private UUID id;

    @Column(name = "node_id", nullable = false)
    private UUID nodeId;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    @Column(name = "sent_at", nullable = false)
    private Instant sentAt;

    @Column(nullable = false)
    private String health;

    @Column(name = "agent_version")
    private String agentVersion;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String workloads;

    protected NodeHeartbeat() {
    }

    NodeHeartbeat(UUID nodeId, UUID clusterId, Instant receivedAt, Instant sentAt, String health, String agentVersion,
                  String workloads) {
        this.id = UUID.randomUUID();
        this.nodeId = nodeId;
        this.clusterId = clusterId;
        this.receivedAt = receivedAt;
        this.sentAt = sentAt;
        this.health = health;
        this.agentVersion = agentVersion;
        this.workloads = workloads;
    }

    public Instant receivedAt() { return receivedAt; }
    public String health() { return health; }
}
