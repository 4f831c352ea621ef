package io.rap.fabric.domain.workload;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A service workload a person wants one node to run in one cluster, and what the node last
 * reported about it. The reported columns are written by {@link WorkloadReports} in SQL only.
 */
@Entity
@Table(name = "node_service_instances")
public class ServiceInstance {

    public static final String ENABLED = "enabled";
    public static final String DISABLED = "disabled";

    @Id
    private UUID id;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(name = "node_id", nullable = false)
    private UUID nodeId;

    @Column(nullable = false)
    private String name;

    @Column(name = "workload_type", nullable = false)
    private String workloadType;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String settings;

    @Column(nullable = false)
    private String desired;

    /** Not writable from here: a person's change must never overwrite what the node reported meanwhile. */
    @Column(name = "reported_state", insertable = false, updatable = false)
    private String reportedState;

    @Column(name = "reported_reason", insertable = false, updatable = false)
    private String reportedReason;

    @Column(name = "reported_at", insertable = false, updatable = false)
    private Instant reportedAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected ServiceInstance() {
    }

    ServiceInstance(UUID clusterId, UUID nodeId, String name, String workloadType, String settings, String createdBy,
                    Instant now) {
        this.id = UUID.randomUUID();
        this.clusterId = clusterId;
        this.nodeId = nodeId;
        this.name = name;
        this.workloadType = workloadType;
        this.settings = settings;
        this.desired = ENABLED;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void change(String workloadType, String settings, Instant now) {
        this.workloadType = workloadType;
        this.settings = settings;
        this.updatedAt = now;
    }

    void setDesired(String desired, Instant now) {
        this.desired = desired;
        this.updatedAt = now;
    }

    public UUID id() { return id; }
    public UUID clusterId() { return clusterId; }
    public UUID nodeId() { return nodeId; }
    public String name() { return name; }
    public String workloadType() { return workloadType; }
    public String settingsJson() { return settings; }
    public String desired() { return desired; }
    public boolean isEnabled() { return ENABLED.equals(desired); }
    public String reportedState() { return reportedState; }
    public String reportedReason() { return reportedReason; }
    public Instant reportedAt() { return reportedAt; }
    public Instant updatedAt() { return updatedAt; }
}
