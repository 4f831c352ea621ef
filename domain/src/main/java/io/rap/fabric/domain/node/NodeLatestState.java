package io.rap.fabric.domain.node;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** The newest heartbeat of one membership, kept compact so fleet views never scan the log. */
@Entity
@Table(name = "node_latest_states")
public class NodeLatestState {

    @Id
    private UUID id;

    @Column(name = "node_id", nullable = false)
    private UUID nodeId;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(nullable = false)
    private String health;

    @Column(name = "agent_version")
    private String agentVersion;

    @Column(name = "last_heartbeat_at", nullable = false)
    private Instant lastHeartbeatAt;

    @Column(name = "heartbeat_count", nullable = false)
    private long heartbeatCount;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String workloads;

    /** The latest heartbeat's runtime block (JSON), present only while heartbeat_detail applies to the node. */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String runtime;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected NodeLatestState() {
    }

    NodeLatestState(UUID nodeId, UUID clusterId) {
        this.id = UUID.randomUUID();
        this.nodeId = nodeId;
        this.clusterId = clusterId;
    }

    void observe(String health, String agentVersion, String workloads, String runtime, Instant at) {
        this.health = health;
        this.runtime = runtime;
        this.agentVersion = agentVersion;
        this.workloads = workloads;
        this.lastHeartbeatAt = at;
        this.heartbeatCount++;
        this.updatedAt = at;
    }

    public UUID nodeId() { return nodeId; }
    public UUID clusterId() { return clusterId; }
    public String health() { return health; }
    public String agentVersion() { return agentVersion; }
    public Instant lastHeartbeatAt() { return lastHeartbeatAt; }
    public long heartbeatCount() { return heartbeatCount; }
}
