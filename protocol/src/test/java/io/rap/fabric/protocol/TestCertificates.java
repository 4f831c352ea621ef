package io.rap.fabric.protocol;

import org.bouncycastle.asn1.x500.X500Name;
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
}
