package io.rap.fabric.domain.trust;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** Public identity of a node in one cluster: its key, the certificate the cluster CA issued, and its status. */
@Entity
@Table(name = "node_identities")
public class NodeIdentity {

    public static final String ACTIVE = "active";
    /** Superseded by a rotation, but still usable until its own notAfter (the overlap). */
    public static final String ROTATED = "rotated";
    public static final String REVOKED = "revoked";

    @Id
    private UUID id;

    @Column(name = "node_id", nullable = false)
    private UUID nodeId;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(name = "public_key_pem", nullable = false)
    private String publicKeyPem;

    @Column(name = "key_thumbprint", nullable = false)
    private String keyThumbprint;

    @Column(name = "certificate_pem", nullable = false)
    private String certificatePem;

    @Column(name = "certificate_serial", nullable = false)
    private String certificateSerial;

    @Column(name = "certificate_not_before", nullable = false)
    private Instant certificateNotBefore;

    @Column(name = "certificate_not_after", nullable = false)
    private Instant certificateNotAfter;

    @Column(name = "identity_status", nullable = false)
    private String status;

    @Column(name = "rotated_at")
    private Instant rotatedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revocation_reason")
    private String revocationReason;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected NodeIdentity() {
    }

    NodeIdentity(UUID id, UUID nodeId, UUID clusterId, String publicKeyPem, String keyThumbprint,
                 IssuedCertificate certificate, Instant now) {
        this.id = id;
        this.nodeId = nodeId;
        this.clusterId = clusterId;
        this.publicKeyPem = publicKeyPem;
        this.keyThumbprint = keyThumbprint;
        this.certificatePem = certificate.certificatePem();
        this.certificateSerial = certificate.serialHex();
        this.certificateNotBefore = certificate.notBefore();
        this.certificateNotAfter = certificate.notAfter();
        this.status = ACTIVE;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * Usable for authentication at {@code now}: active, or rotated but inside the overlap that
     * lets an agent finish switching keys; never once revoked; only inside its validity.
     */
    public boolean isUsableAt(Instant now) {
        return (ACTIVE.equals(status) || ROTATED.equals(status)) && revokedAt == null
                && !now.isBefore(certificateNotBefore) && now.isBefore(certificateNotAfter);
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(certificateNotAfter);
    }

    /** A newer certificate replaced this one; it keeps working until it expires. */
    public void markRotated(Instant now) {
        this.status = ROTATED;
        this.rotatedAt = now;
        this.updatedAt = now;
    }

    /** Takes effect at once: {@link #isUsableAt} is false from now on. */
    public void revoke(String reason, Instant now) {
        this.status = REVOKED;
        this.revokedAt = now;
        this.revocationReason = reason;
        this.updatedAt = now;
    }

    public UUID id() { return id; }
    public UUID nodeId() { return nodeId; }
    public UUID clusterId() { return clusterId; }
    public String publicKeyPem() { return publicKeyPem; }
    public String keyThumbprint() { return keyThumbprint; }
    public String certificatePem() { return certificatePem; }
    public String certificateSerial() { return certificateSerial; }
    public Instant certificateNotBefore() { return certificateNotBefore; }
    public Instant certificateNotAfter() { return certificateNotAfter; }
    public String status() { return status; }
    public Instant rotatedAt() { return rotatedAt; }
    public Instant revokedAt() { return revokedAt; }
    public String revocationReason() { return revocationReason; }
    public Instant createdAt() { return createdAt; }
}
