package io.rap.fabric.domain.trust;

import io.rap.fabric.domain.infrastructure.config.MissingConfigurationException;
import io.rap.fabric.domain.infrastructure.config.RapConfig;
import io.rap.fabric.domain.infrastructure.crypto.KeyEncryption;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.protocol.Pem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Per-cluster certificate authority. Internal to the domain: callers are other domain services
 * that already authorized the person and hold the transaction (MANDATORY), so there is no
 * caller parameter here and no way to reach it from a page.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CertificateAuthorityService {

    public static final String KEK_SETTING = "RAP_CA_KEK";
    public static final Duration NODE_CERTIFICATE_VALIDITY = Duration.ofDays(30);

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    RapConfig config;

    @Inject
    Clock clock;

    @Inject
    CaSigningKeys signingKeys;

    public ClusterCertificateAuthority createFor(UUID clusterId, String clusterSlug) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        CaMaterial material = CaMaterial.create(clusterId, clusterSlug, keyEncryption(), now);
        ClusterCertificateAuthority ca = new ClusterCertificateAuthority(UUID.randomUUID(), clusterId,
                material.subject(), material.certificatePem(), material.serialHex(), material.wrappedPrivateKey(),
                material.kekId(), material.notBefore(), material.notAfter(), now);
        em.persist(ca);
        return ca;
    }

    public IssuedCertificate issueNodeCertificate(UUID clusterId, UUID nodeId, PublicKey nodeKey, String nodeName) {
        return issuerFor(clusterId).issue(nodeId, nodeKey, nodeName);
    }

    /** Signs node certificates with one cluster's CA, looked up once. */
    @FunctionalInterface
    public interface NodeCertificateIssuer {
        IssuedCertificate issue(UUID nodeId, PublicKey nodeKey, String nodeName);
    }

    /**
     * The cluster's CA, ready to sign several certificates in this transaction. A bulk approval
     * takes one per cluster before it persists anything: every query after the first insert makes
     * Hibernate dirty-check the whole persistence context, so a lookup per certificate would cost
     * time in proportion to the batch for each certificate.
     */
    public NodeCertificateIssuer issuerFor(UUID clusterId) {
        ClusterCertificateAuthority ca = activeCa(clusterId);
        CaSigningKeys.Signer signer = signer(ca);
        return (nodeId, nodeKey, nodeName) -> {
            Instant now = clock.instant();
            return CaMaterial.issue(signer.certificate(), signer.key(), ca.certificatePem(), clusterId, nodeId,
                    nodeKey, nodeName, now, now.plus(NODE_CERTIFICATE_VALIDITY));
        };
    }

    public NodeIdentity recordIdentity(UUID nodeId, UUID clusterId, PublicKey key, String keyThumbprint,
                                       IssuedCertificate certificate) {
        NodeIdentity identity = new NodeIdentity(UUID.randomUUID(), nodeId, clusterId, Pem.encodePublicKey(key),
                keyThumbprint, certificate, clock.instant());
        em.persist(identity);
        return identity;
    }

    public ClusterCertificateAuthority activeCa(UUID clusterId) {
        return em.createQuery("select c from ClusterCertificateAuthority c where c.clusterId = :cluster"
                        + " and c.status = 'active'", ClusterCertificateAuthority.class)
                .setParameter("cluster", clusterId)
                .getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("Certificate authority of the cluster"));
    }

    /** The identity URI every fabric peer checks: {@code urn:rap:cluster:<cluster>:node:<node>}. */
    public static URI nodeUri(UUID clusterId, UUID nodeId) {
        return CaMaterial.nodeUri(clusterId, nodeId);
    }

    /** The CA's signing key, for the other trust services of this package (the configuration signer). */
    PrivateKey caPrivateKey(ClusterCertificateAuthority ca) {
        return signer(ca).key();
    }

    /** The CA ready to sign, from memory after its first use (see {@link CaSigningKeys}). */
    private CaSigningKeys.Signer signer(ClusterCertificateAuthority ca) {
        KeyEncryption kek = keyEncryption();
        if (!kek.kekId().equals(ca.kekId())) {
            throw new MissingConfigurationException(KEK_SETTING + " (it is not the key this CA was wrapped with)");
        }
        return signingKeys.get(ca.id(), kek.kekId(),
                () -> new CaSigningKeys.Signer(Pem.parseCertificate(ca.certificatePem()), caPrivateKey(ca, kek)));
    }

    private static PrivateKey caPrivateKey(ClusterCertificateAuthority ca, KeyEncryption kek) {
        try {
            byte[] pkcs8 = kek.unwrap(ca.encryptedPrivateKey(), ca.clusterId());
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("stored CA key is not an EC key", e);
        }
    }

    KeyEncryption keyEncryption() {
        String encoded = config.require(KEK_SETTING);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new MissingConfigurationException(KEK_SETTING);
        }
        if (bytes.length != 32) {
            throw new MissingConfigurationException(KEK_SETTING);
        }
        return new KeyEncryption(bytes);
    }
}
