package io.rap.fabric.domain.trust;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * The platform owner's request that a node rotate one certificate now. Open until the node
 * rotates that identity ({@code fulfilled}) or someone withdraws it ({@code cancelled}: the owner,
 * or the certificate's revocation, after which the node can no longer prove with it).
 */
@Entity
@Table(name = "certificate_rotation_requests")
public class CertificateRotationRequest {

    public static final String OPEN = "open";
    public static final String FULFILLED = "fulfilled";
    public static final String CANCELLED = "cancelled";

    @Id
    private UUID id;

    @Column(name = "node_identity_id", nullable = false)
    private UUID nodeIdentityId;

    @Column(name = "node_id", nullable = false)
    private UUID nodeId;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(name = "request_status", nullable = false)
    private String status;

    @Column(name = "reason", nullable = false)
    private String reason;

    @Column(name = "requested_by", nullable = false)
    private String requestedBy;

    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;

    @Column(name = "closed_by")
    private String closedBy;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "fulfilled_by_identity_id")
    private UUID fulfilledByIdentityId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected CertificateRotationRequest() {
    }

    CertificateRotationRequest(NodeIdentity identity, String reason, String requestedBy, Instant now) {
        this.id = UUID.randomUUID();
        this.nodeIdentityId = identity.id();
        this.nodeId = identity.nodeId();
        this.clusterId = identity.clusterId();
        this.status = OPEN;
        this.reason = reason;
        this.requestedBy = requestedBy;
        this.requestedAt = now;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public boolean isOpen() {
        return OPEN.equals(status);
    }

    /** The node rotated the identity: {@code replacement} is the identity it rotated to. */
    void fulfil(UUID replacement, String nodeActor, Instant now) {
        close(FULFILLED, nodeActor, now);
        this.fulfilledByIdentityId = replacement;
    }

    void cancel(String by, Instant now) {
        close(CANCELLED, by, now);
    }

    private void close(String newStatus, String by, Instant now) {
        this.status = newStatus;
        this.closedBy = by;
        this.closedAt = now;
        this.updatedAt = now;
    }

    public UUID id() { return id; }
    public UUID nodeIdentityId() { return nodeIdentityId; }
    public UUID nodeId() { return nodeId; }
    public UUID clusterId() { return clusterId; }
    public String status() { return status; }
    public String reason() { return reason; }
    public String requestedBy() { return requestedBy; }
    public Instant requestedAt() { return requestedAt; }
    public String closedBy() { return closedBy; }
    public Instant closedAt() { return closedAt; }
    public UUID fulfilledByIdentityId() { return fulfilledByIdentityId; }
    public long version() { return version; }
}
