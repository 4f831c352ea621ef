package io.rap.fabric.domain.enrollment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** A node's request to join a cluster, bound to the key of its CSR; pending until a person decides. */
@Entity
@Table(name = "node_join_requests")
public class JoinRequest {

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String EXPIRED = "expired";

    @Id
    private UUID id;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(name = "join_token_id", nullable = false)
    private UUID joinTokenId;

    @Column(name = "node_name", nullable = false)
    private String nodeName;

    @Column(name = "host_fingerprint", nullable = false)
    private String hostFingerprint;

    @Column(name = "public_key_pem", nullable = false)
    private String publicKeyPem;

    @Column(name = "key_thumbprint", nullable = false)
    private String keyThumbprint;

    @Column(name = "csr_pem", nullable = false)
    private String csrPem;

    @Column(name = "reported_facts", nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String reportedFacts;

    @Column(name = "reported_capabilities", nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String reportedCapabilities;

    @Column(name = "requested_roles", nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String requestedRoles;

    @Column(name = "agent_version")
    private String agentVersion;

    @Column(name = "source_address")
    private String sourceAddress;

    @Column(nullable = false)
    private String status;

    @Column(name = "reviewed_by")
    private String reviewedBy;

    @Column(name = "reviewed_at")
    private Instant reviewedAt;

    @Column(name = "approved_node_id")
    private UUID approvedNodeId;

    /** The existing node this request proved to be (a further membership), or null for a new node. */
    @Column(name = "claimed_node_id", updatable = false)
    private UUID claimedNodeId;

    @Column(name = "rejection_reason")
    private String rejectionReason;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected JoinRequest() {
    }

    JoinRequest(UUID clusterId, UUID joinTokenId, String nodeName, String hostFingerprint, String publicKeyPem,
                String keyThumbprint, String csrPem, String reportedFacts, String reportedCapabilities,
                String requestedRoles, String agentVersion, String sourceAddress, UUID claimedNodeId, Instant now) {
        this.id = UUID.randomUUID();
        this.clusterId = clusterId;
        this.joinTokenId = joinTokenId;
        this.nodeName = nodeName;
        this.hostFingerprint = hostFingerprint;
        this.publicKeyPem = publicKeyPem;
        this.keyThumbprint = keyThumbprint;
        this.csrPem = csrPem;
        this.reportedFacts = reportedFacts;
        this.reportedCapabilities = reportedCapabilities;
        this.requestedRoles = requestedRoles;
        this.agentVersion = agentVersion;
        this.sourceAddress = sourceAddress;
        this.claimedNodeId = claimedNodeId;
        this.status = PENDING;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void approve(String reviewer, UUID nodeId, Instant now) {
        this.status = APPROVED;
        this.reviewedBy = reviewer;
        this.reviewedAt = now;
        this.approvedNodeId = nodeId;
        this.updatedAt = now;
    }

    void reject(String reviewer, String reason, Instant now) {
        this.status = REJECTED;
        this.reviewedBy = reviewer;
        this.reviewedAt = now;
        this.rejectionReason = reason;
        this.updatedAt = now;
    }

    void expire(Instant now) {
        this.status = EXPIRED;
        this.updatedAt = now;
    }

    /** Pending for at least {@code ttl}: nobody decided in time, so the request must not be approved any more. */
    boolean isStaleAt(Instant now, java.time.Duration ttl) {
        return isPending() && !createdAt.plus(ttl).isAfter(now);
    }

    public boolean isPending() { return PENDING.equals(status); }
    public UUID id() { return id; }
    public UUID clusterId() { return clusterId; }
    public UUID joinTokenId() { return joinTokenId; }
    public String nodeName() { return nodeName; }
    public String hostFingerprint() { return hostFingerprint; }
    public String publicKeyPem() { return publicKeyPem; }
    public String keyThumbprint() { return keyThumbprint; }
    public String reportedFacts() { return reportedFacts; }
    public String reportedCapabilities() { return reportedCapabilities; }
    public String requestedRoles() { return requestedRoles; }
    public String agentVersion() { return agentVersion; }
    public String sourceAddress() { return sourceAddress; }
    public String status() { return status; }
    public String reviewedBy() { return reviewedBy; }
    public Instant reviewedAt() { return reviewedAt; }
    public UUID approvedNodeId() { return approvedNodeId; }
    public UUID claimedNodeId() { return claimedNodeId; }
    public String rejectionReason() { return rejectionReason; }
    public Instant createdAt() { return createdAt; }
    public long version() { return version; }
}
