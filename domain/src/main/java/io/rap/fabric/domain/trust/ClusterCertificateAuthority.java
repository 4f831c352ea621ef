package io.rap.fabric.domain.trust;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A cluster's CA: certificate in the clear, private key only wrapped under the server's KEK. */
@Entity
@Table(name = "cluster_certificate_authorities")
public class ClusterCertificateAuthority {

    @Id
    private UUID id;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

    @Column(nullable = false)
    private String subject;

    @Column(name = "certificate_pem", nullable = false)
    private String certificatePem;

    @Column(name = "certificate_serial", nullable = false)
    private String certificateSerial;

    @Column(name = "encrypted_private_key", nullable = false)
    private byte[] encryptedPrivateKey;

    @Column(name = "kek_id", nullable = false)
    private String kekId;

    @Column(name = "not_before", nullable = false)
    private Instant notBefore;

    @Column(name = "not_after", nullable = false)
    private Instant notAfter;

    @Column(nullable = false)
    private String status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ClusterCertificateAuthority() {
    }

    ClusterCertificateAuthority(UUID id, UUID clusterId, String subject, String certificatePem, String certificateSerial,
                                byte[] encryptedPrivateKey, String kekId, Instant notBefore, Instant notAfter,
                                Instant createdAt) {
        this.id = id;
        this.clusterId = clusterId;
        this.subject = subject;
        this.certificatePem = certificatePem;
        this.certificateSerial = certificateSerial;
        this.encryptedPrivateKey = encryptedPrivateKey.clone();
        this.kekId = kekId;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.status = "active";
        this.createdAt = createdAt;
    }

    public UUID id() { return id; }
    public UUID clusterId() { return clusterId; }
    public String subject() { return subject; }
    public String certificatePem() { return certificatePem; }
    public String certificateSerial() { return certificateSerial; }
    byte[] encryptedPrivateKey() { return encryptedPrivateKey.clone(); }
    public String kekId() { return kekId; }
    public Instant notBefore() { return notBefore; }
    public Instant notAfter() { return notAfter; }
    public String status() { return status; }
}
