package io.rap.fabric.domain.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * One person's use of one resource, modeled only (no desktop traffic reaches the control plane).
 * {@code requested} is reserved for the time an adapter must confirm a start; today a session
 * that a policy allows starts {@code active} at once, then {@code ended} (by its user) or
 * {@code terminated} (by an organization admin).
 */
@Entity
@Table(name = "access_sessions")
public class AccessSession implements TenantOwned {

    public static final String REQUESTED = "requested";
    public static final String ACTIVE = "active";
    public static final String ENDED = "ended";
    public static final String TERMINATED = "terminated";

    @Id
    private UUID id;

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    @Column(name = "user_id", nullable = false)
    private UUID userId;

    @Column(name = "resource_id", nullable = false)
    private UUID resourceId;

    @Column(name = "entry_point_id", nullable = false)
    private UUID entryPointId;

    @Column(name = "policy_id")
    private UUID policyId;

    @Column(nullable = false)
    private String status;

    @Column(name = "mfa_used", nullable = false)
    private boolean mfaUsed;

    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(name = "terminated_by")
    private String terminatedBy;

    @Column(name = "termination_reason")
    private String terminationReason;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected AccessSession() {
    }

    AccessSession(UUID organizationId, UUID userId, UUID resourceId, UUID entryPointId, UUID policyId,
                  boolean mfaUsed, Instant now) {
        this.id = UUID.randomUUID();
        this.organizationId = organizationId;
        this.userId = userId;
        this.resourceId = resourceId;
        this.entryPointId = entryPointId;
        this.policyId = policyId;
        this.mfaUsed = mfaUsed;
        this.status = ACTIVE;
        this.requestedAt = now;
        this.startedAt = now;
        this.createdAt = now;
        this.updatedAt = now;
    }

    boolean isOpen() {
        return REQUESTED.equals(status) || ACTIVE.equals(status);
    }

    void end(Instant now) {
        this.status = ENDED;
        this.endedAt = now;
        this.updatedAt = now;
    }

    void terminate(String by, String reason, Instant now) {
        this.status = TERMINATED;
        this.endedAt = now;
        this.terminatedBy = by;
        this.terminationReason = reason;
        this.updatedAt = now;
    }

    @Override public UUID id() { return id; }
    @Override public UUID organizationId() { return organizationId; }
    public UUID userId() { return userId; }
    public String status() { return status; }
    public boolean mfaUsed() { return mfaUsed; }
    public Instant requestedAt() { return requestedAt; }
    public Instant startedAt() { return startedAt; }
    public Instant endedAt() { return endedAt; }
    public String terminatedBy() { return terminatedBy; }
    public String terminationReason() { return terminationReason; }
}
