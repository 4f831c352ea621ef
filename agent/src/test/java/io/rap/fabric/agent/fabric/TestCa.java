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
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A cluster CA for tests, issuing node certificates shaped like the real ones (both TLS usages, URI SAN). */
public final class TestCa {

    private final KeyPair key = Keys.generateP256();
    private final X500Name name;
    private final AtomicLong serials = new AtomicLong(1000);
    final X509Certificate certificate;
    final UUID clusterId = UUID.randomUUID();

    public TestCa(String commonName) throws Exception {
        name = new X500Name("CN=" + commonName);
        certificate = issue(name, key.getPublic(), true, null);
    }

    /** A node identity of this CA's cluster, trusting this CA only. */
    public FabricIdentity node() throws Exception {
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

    /** The CA certificate as PEM, as an operator would put it in a file. */
    public String pem() throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /** TLS for an HTTPS server at 127.0.0.1 whose certificate this CA issued (IP address SAN, server usage). */
    public SSLContext httpsServer() throws Exception {
        KeyPair serverKey = Keys.generateP256();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serials.incrementAndGet()),
                Date.from(now.minus(1, ChronoUnit.MINUTES)), Date.from(now.plus(1, ChronoUnit.DAYS)),
                new X500Name("CN=127.0.0.1"), serverKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate serverCertificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        char[] password = "test".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", serverKey.getPrivate(), password,
                new Certificate[] {serverCertificate, certificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
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
