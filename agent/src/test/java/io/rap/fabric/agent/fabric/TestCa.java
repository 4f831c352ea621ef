package io.rap.fabric.agent.fabric;

import io.rap.fabric.protocol.Keys;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** A cluster CA for tests, issuing node certificates shaped like the real ones (both TLS usages, URI SAN). */
final class TestCa {

    private final KeyPair key = Keys.generateP256();
    private final X500Name name;
    private final AtomicLong serials = new AtomicLong(1000);
    final X509Certificate certificate;
    final UUID clusterId = UUID.randomUUID();

    TestCa(String commonName) throws Exception {
        name = new X500Name("CN=" + commonName);
        certificate = issue(name, key.getPublic(), true, null);
    }

    /** A node identity of this CA's cluster, trusting this CA only. */
    FabricIdentity node() throws Exception {
        return node(clusterId);
    }

    /** A node identity issued by this CA but naming {@code cluster} in its URI. */
    FabricIdentity node(UUID cluster) throws Exception {
        KeyPair nodeKey = Keys.generateP256();
        UUID nodeId = UUID.randomUUID();
        return new FabricIdentity(nodeKey.getPrivate(),
                issue(new X500Name("CN=node-" + nodeId), nodeKey.getPublic(), false, cluster, nodeId),
                List.of(certificate));
    }

    private X509Certificate issue(X500Name subject, PublicKey publicKey, boolean ca, UUID nodeId) throws Exception {
        return issue(subject, publicKey, ca, clusterId, nodeId);
    }

    private X509Certificate issue(X500Name subject, PublicKey publicKey, boolean ca, UUID cluster, UUID nodeId)
            throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serials.incrementAndGet()),
                Date.from(now.minus(1, ChronoUnit.MINUTES)), Date.from(now.plus(1, ChronoUnit.DAYS)), subject, publicKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (nodeId != null) {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[]{KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    new GeneralName(GeneralName.uniformResourceIdentifier, "urn:rap:cluster:" + cluster + ":node:" + nodeId)));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }
}
