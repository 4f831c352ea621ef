package io.rap.fabric.domain.trust;

import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.cluster.AuthorityNotHealthyException;
import io.rap.fabric.domain.cluster.ClusterAuthority;
import io.rap.fabric.domain.infrastructure.crypto.KeyEncryption;
import io.rap.fabric.domain.infrastructure.crypto.Pki;
import io.rap.fabric.protocol.Pem;
import io.rap.fabric.protocol.SnapshotSigning;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * The key each cluster signs node snapshots with. Issued by the cluster CA on first use and
 * renewed a month before it expires; issuing is a certificate issuance, so it happens only while
 * the cluster's authority is healthy. A cluster that is not healthy keeps signing with its current
 * signer until that expires, so nodes still learn about revocations during a partition.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ConfigSigners {

    static final Duration VALIDITY = Duration.ofDays(90);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    CertificateAuthorityService authorities;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** A signer and its unwrapped key, for one signature inside the current transaction. */
    public record Signing(ConfigSigner signer, PrivateKey key) {
    }

    public Signing current(UUID clusterId) {
        // Serializes first use and renewal per cluster: two nodes asking at once get one signer.
        em.createNativeQuery("select id from clusters where id = ?1 for update").setParameter(1, clusterId)
                .getResultList();
        Instant now = clock.instant();
        Optional<ConfigSigner> active = em.createQuery("select s from ConfigSigner s where s.clusterId = :c"
                        + " and s.status = :active", ConfigSigner.class)
                .setParameter("c", clusterId).setParameter("active", ConfigSigner.ACTIVE).getResultStream().findFirst();
        if (active.isPresent() && now.isBefore(active.get().notAfter().minus(RENEW_BEFORE))) {
            return new Signing(active.get(), privateKey(active.get()));
        }
        String authority = em.createQuery("select a.state from ClusterAuthority a where a.clusterId = :c", String.class)
                .setParameter("c", clusterId).getResultStream().findFirst().orElse(ClusterAuthority.HEALTHY);
        if (!ClusterAuthority.HEALTHY.equals(authority)) {
            if (active.isPresent() && now.isBefore(active.get().notAfter())) {
                return new Signing(active.get(), privateKey(active.get()));
            }
            throw new AuthorityNotHealthyException(authority);
        }
        active.ifPresent(old -> old.retire(now));
        em.flush(); // the partial unique index allows one active signer: retire before inserting
        return issue(clusterId, now, active.map(ConfigSigner::certificateSerial).orElse(null));
    }

    private Signing issue(UUID clusterId, Instant now, String previousSerial) {
        ClusterCertificateAuthority ca = authorities.activeCa(clusterId);
        Instant start = now.truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = start.plus(VALIDITY).isAfter(ca.notAfter()) ? ca.notAfter() : start.plus(VALIDITY);
        KeyPair keys = Pki.newEcKeyPair();
        X509Certificate certificate = Pki.configSignerCertificate(Pem.parseCertificate(ca.certificatePem()),
                authorities.caPrivateKey(ca), keys.getPublic(), "RAP configuration signer",
                SnapshotSigning.signerUri(clusterId), start.minus(BACKDATE), notAfter);
        KeyEncryption kek = authorities.keyEncryption();
        UUID id = UUID.randomUUID();
        ConfigSigner signer = new ConfigSigner(id, clusterId, Pem.encodeCertificate(certificate),
                certificate.getSerialNumber().toString(16), kek.wrap(keys.getPrivate().getEncoded(), id), kek.kekId(),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), now);
        em.persist(signer);
        audit.record(AuditEntry.bySystem("trust.config_signer_issued").cluster(clusterId)
                .target("config_signer", id).detail("serial", signer.certificateSerial())
                .detail("notAfter", signer.notAfter()).detail("replaces", previousSerial).build());
        return new Signing(signer, keys.getPrivate());
    }

    private PrivateKey privateKey(ConfigSigner signer) {
        KeyEncryption kek = authorities.keyEncryption();
        if (!kek.kekId().equals(signer.kekId())) {
            throw new io.rap.fabric.domain.infrastructure.config.MissingConfigurationException(
                    CertificateAuthorityService.KEK_SETTING + " (it is not the key this signer was wrapped with)");
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(
                    new PKCS8EncodedKeySpec(kek.unwrap(signer.encryptedPrivateKey(), signer.id())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored signer key is not an EC key", e);
        }
    }
}
