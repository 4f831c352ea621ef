package io.rap.fabric.domain.trust;

import io.rap.fabric.domain.infrastructure.crypto.KeyEncryption;
import io.rap.fabric.domain.infrastructure.crypto.Pki;
import io.rap.fabric.protocol.Pem;
import java.net.URI;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * How a cluster CA and the node certificates it signs are made, without persistence: the one
 * implementation behind {@link CertificateAuthorityService} and the dev fleet seeder, so seeded CAs
 * are wrapped under the KEK and seeded certificates are shaped exactly as the application's.
 *
 * @param keys the CA key pair; the private key leaves this record only wrapped ({@link #wrappedPrivateKey})
 */
public record CaMaterial(UUID clusterId, KeyPair keys, X509Certificate certificate, String certificatePem,
                         String serialHex, byte[] wrappedPrivateKey, String kekId) {

    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Back-dating tolerates small clock differences between the server and nodes. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    /** A new CA for the cluster: a fresh P-256 key, self-signed for ten years, the key wrapped under {@code kek}. */
    public static CaMaterial create(UUID clusterId, String clusterSlug, KeyEncryption kek, Instant now) {
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        KeyPair keys = Pki.newEcKeyPair();
        X509Certificate certificate = Pki.selfSignedCa(keys, "RAP cluster CA " + clusterSlug, "cluster " + clusterId,
                issued.minus(BACKDATE), issued.plus(CA_VALIDITY));
        return new CaMaterial(clusterId, keys, certificate, Pem.encodeCertificate(certificate),
                certificate.getSerialNumber().toString(16), kek.wrap(keys.getPrivate().getEncoded(), clusterId),
                kek.kekId());
    }

    public String subject() {
        return certificate.getSubjectX500Principal().getName();
    }

    public Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** This CA signs a node certificate valid from {@code issuedAt} (back-dated) to {@code notAfter}. */
    public IssuedCertificate issue(UUID nodeId, PublicKey nodeKey, String nodeName, Instant issuedAt,
                                   Instant notAfter) {
        return issue(certificate, keys.getPrivate(), certificatePem, clusterId, nodeId, nodeKey, nodeName, issuedAt,
                notAfter);
    }

    /** A node certificate of the cluster CA {@code ca}; {@code notAfter} is capped at the CA's own. */
    static IssuedCertificate issue(X509Certificate ca, PrivateKey caKey, String caPem, UUID clusterId, UUID nodeId,
                                   PublicKey nodeKey, String nodeName, Instant issuedAt, Instant notAfter) {
        Instant from = issuedAt.truncatedTo(ChronoUnit.SECONDS);
        Instant until = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (until.isAfter(ca.getNotAfter().toInstant())) {
            until = ca.getNotAfter().toInstant();
        }
        X509Certificate certificate = Pki.nodeCertificate(ca, caKey, nodeKey, nodeName, nodeUri(clusterId, nodeId),
                from.minus(BACKDATE), until);
        return new IssuedCertificate(Pem.encodeCertificate(certificate), caPem,
                certificate.getSerialNumber().toString(16), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
    }

    /** The identity URI every fabric peer checks: {@code urn:rap:cluster:<cluster>:node:<node>}. */
    static URI nodeUri(UUID clusterId, UUID nodeId) {
        return URI.create("urn:rap:cluster:" + clusterId + ":node:" + nodeId);
    }
}
