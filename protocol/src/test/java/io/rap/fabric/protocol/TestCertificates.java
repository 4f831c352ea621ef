package io.rap.fabric.protocol;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

final class TestCertificates {

    private TestCertificates() {
    }

    static X509Certificate selfSigned(KeyPair key, String cn, long serial) throws Exception {
        X500Name name = new X500Name("CN=" + cn);
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serial), Date.from(now),
                Date.from(now.plus(30, ChronoUnit.DAYS)), name, key.getPublic());
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }

    static X509Certificate ca(KeyPair key, String cn, Instant notBefore, Instant notAfter) throws Exception {
        X500Name name = new X500Name("CN=" + cn);
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(1), Date.from(notBefore),
                Date.from(notAfter), name, key.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return sign(builder, key);
    }

    /** An end-entity certificate issued by {@code ca}, with one URI subject alternative name. */
    static X509Certificate issued(X509Certificate ca, KeyPair caKey, java.security.PublicKey subjectKey, String uri,
                                  int keyUsage, Instant notBefore, Instant notAfter) throws Exception {
        var builder = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(System.nanoTime()), Date.from(notBefore),
                Date.from(notAfter), new X500Name("CN=signer"), subjectKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
        return sign(builder, caKey);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair key) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }
}
