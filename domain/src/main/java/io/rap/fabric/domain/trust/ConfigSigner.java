package io.rap.fabric.domain.trust;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A cluster's snapshot signer: certificate in the clear, private key only wrapped under the KEK. */
@Entity
@Table(name = "cluster_config_signers")
public class ConfigSigner {

    static final String ACTIVE = "active";
    static final String RETIRED = "retired";

    @Id
    private UUID id;

    @Column(name = "cluster_id", nullable = false)
    private UUID clusterId;

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

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected ConfigSigner() {
    }

    ConfigSigner(UUID id, UUID clusterId, String certificatePem, String certificateSerial, byte[] encryptedPrivateKey,
                 String kekId, Instant notBefore, Instant notAfter, Instant now) {
        this.id = id;
        this.clusterId = clusterId;
        this.certificatePem = certificatePem;
        this.certificateSerial = certificateSerial;
        this.encryptedPrivateKey = encryptedPrivateKey.clone();
        this.kekId = kekId;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.status = ACTIVE;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void retire(Instant now) {
        this.status = RETIRED;
        this.updatedAt = now;
    }

    public UUID id() { return id; }
    public UUID clusterId() { return clusterId; }
    public String certificatePem() { return certificatePem; }
    public String certificateSerial() { return certificateSerial; }
    byte[] encryptedPrivateKey() { return encryptedPrivateKey.clone(); }
    String kekId() { return kekId; }
    public Instant notBefore() { return notBefore; }
    public Instant notAfter() { return notAfter; }
}
