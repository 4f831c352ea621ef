package io.rap.fabric.domain.enrollment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** A short-lived enrollment token of one cluster. Only the SHA-256 of the raw value is kept. */
@Entity
@Table(name = "node_join_tokens")
public class JoinToken {

    @Id
    private UUID id;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(name = "token_hash", nullable = false)
    private byte[] tokenHash;

    private String description;

    @Column(name = "allowed_roles", nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String allowedRoles;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "max_uses", nullable = false)
    private int maxUses;

    @Column(name = "used_count", nullable = false)
    private int usedCount;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoked_by")
    private String revokedBy;

    @Version
    private long version;

    protected JoinToken() {
    }

    JoinToken(UUID clusterId, byte[] tokenHash, String description, String allowedRolesJson, Instant expiresAt,
              int maxUses, String createdBy, Instant now) {
        this.id = UUID.randomUUID();
        this.clusterId = clusterId;
        this.tokenHash = tokenHash.clone();
        this.description = description;
        this.allowedRoles = allowedRolesJson;
        this.expiresAt = expiresAt;
        this.maxUses = maxUses;
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    void revoke(String by, Instant now) {
        this.revokedAt = now;
        this.revokedBy = by;
    }

    /** active, expired, exhausted or revoked, in that order of precedence for revoked first. */
    public String statusAt(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        if (!now.isBefore(expiresAt)) {
            return "expired";
        }
        if (usedCount >= maxUses) {
            return "exhausted";
        }
        return "active";
    }

    public UUID id() { return id; }
    public UUID clusterId() { return clusterId; }
    byte[] tokenHash() { return tokenHash.clone(); }
    public String description() { return description; }
    public String allowedRolesJson() { return allowedRoles; }
    public Instant expiresAt() { return expiresAt; }
    public int maxUses() { return maxUses; }
    public int usedCount() { return usedCount; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
    public Instant revokedAt() { return revokedAt; }
}
