package io.rap.fabric.domain.telemetry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * One test telemetry flag switched on for one scope, until it expires or is disabled. Kept as
 * history afterwards; the partial unique index of V0040 allows one open row per scope and flag.
 */
@Entity
@Table(name = "telemetry_flags")
public class TelemetryFlagSetting {

    public static final String ACTIVE = "active";
    public static final String EXPIRED = "expired";
    public static final String DISABLED = "disabled";

    @Id
    private UUID id;

    @Column(name = "scope_type", nullable = false)
    private String scopeType;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(name = "node_id")
    private UUID nodeId;

    @Column(name = "organization_id")
    private UUID organizationId;

    @Column(nullable = false)
    private String flag;

    @Column(nullable = false)
    private String reason;

    @Column(name = "enabled_by", nullable = false)
    private String enabledBy;

    @Column(name = "enabled_at", nullable = false)
    private Instant enabledAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "disabled_by")
    private String disabledBy;

    @Column(name = "disabled_at")
    private Instant disabledAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected TelemetryFlagSetting() {
    }

    TelemetryFlagSetting(String scopeType, UUID clusterId, UUID nodeId, UUID organizationId, String flag,
                         String reason, String enabledBy, Instant now, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.scopeType = scopeType;
        this.clusterId = clusterId;
        this.nodeId = nodeId;
        this.organizationId = organizationId;
        this.flag = flag;
        this.reason = reason;
        this.enabledBy = enabledBy;
        this.enabledAt = now;
        this.expiresAt = expiresAt;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void disable(String by, Instant now) {
        this.disabledBy = by;
        this.disabledAt = now;
        this.closedAt = now;
        this.updatedAt = now;
    }

    /** An expired flag gives its place in the one-open index to a new enable of the same flag and scope. */
    void closeExpired(Instant now) {
        this.closedAt = now;
        this.updatedAt = now;
    }

    public String status(Instant now) {
        if (disabledAt != null) {
            return DISABLED;
        }
        return now.isBefore(expiresAt) ? ACTIVE : EXPIRED;
    }

    public UUID id() { return id; }
    public String scopeType() { return scopeType; }
    public UUID clusterId() { return clusterId; }
    public UUID nodeId() { return nodeId; }
    public UUID organizationId() { return organizationId; }
    public String flag() { return flag; }
    public String reason() { return reason; }
    public String enabledBy() { return enabledBy; }
    public Instant enabledAt() { return enabledAt; }
    public Instant expiresAt() { return expiresAt; }
    public String disabledBy() { return disabledBy; }
    public Instant disabledAt() { return disabledAt; }
    public long version() { return version; }
}
