package io.rap.fabric.domain.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A person's administration scope: one cluster or one organization. {@code subject} holds the
 * Keycloak username (see {@link Caller#username()}): the realm does not let usernames change, and
 * the platform owner types usernames, never subject ids. A revoked grant stays as history.
 */
@Entity
@Table(name = "admin_grants")
public class AdminGrant {

    public static final String CLUSTER = "cluster";
    public static final String ORGANIZATION = "organization";

    @Id
    private UUID id;

    @Column(nullable = false)
    private String subject;

    @Column(name = "scope_kind", nullable = false)
    private String scopeKind;

    @Column(name = "cluster_id")
    private UUID clusterId;

    @Column(name = "organization_id")
    private UUID organizationId;

    @Column(name = "granted_by", nullable = false)
    private String grantedBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoked_by")
    private String revokedBy;

    @Version
    private long version;

    protected AdminGrant() {
    }

    AdminGrant(String subject, String scopeKind, UUID targetId, String grantedBy, Instant now) {
        this.id = UUID.randomUUID();
        this.subject = subject;
        this.scopeKind = scopeKind;
        if (CLUSTER.equals(scopeKind)) {
            this.clusterId = targetId;
        } else {
            this.organizationId = targetId;
        }
        this.grantedBy = grantedBy;
        this.createdAt = now;
    }

    void revoke(String by, Instant now) {
        this.revokedAt = now;
        this.revokedBy = by;
    }

    public UUID id() { return id; }
    public String subject() { return subject; }
    public String scopeKind() { return scopeKind; }
    public UUID clusterId() { return clusterId; }
    public UUID organizationId() { return organizationId; }
    public String grantedBy() { return grantedBy; }
    public Instant createdAt() { return createdAt; }
    public Instant revokedAt() { return revokedAt; }
    public String revokedBy() { return revokedBy; }
    public boolean isActive() { return revokedAt == null; }
}
