package io.rap.fabric.domain.infrastructure.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PkiTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void serialsArePositiveRandomAndAtLeast64Bits() {
        Set<BigInteger> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            BigInteger serial = Pki.newSerial();
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isBetween(64, 127);
            seen.add(serial);
        }
        assertThat(seen).hasSize(200);
    }

    @Test
    void nodeCertificateHasTheProfileQuicPeersCheck() throws Exception {
        KeyPair caKeys = Pki.newEcKeyPair();
        X509Certificate ca = Pki.selfSignedCa(caKeys, "RAP cluster CA test", "cluster x", now, now.plus(Duration.ofDays(365)));
        KeyPair nodeKeys = Pki.newEcKeyPair();
        URI san = URI.create("urn:rap:cluster:c1:node:n1");
        X509Certificate cert = Pki.nodeCertificate(ca, caKeys.getPrivate(), nodeKeys.getPublic(), "node-1", san,
                now, now.plus(Duration.ofDays(30)));

        cert.verify(ca.getPublicKey());
        assertThat(cert.getPublicKey()).isEqualTo(nodeKeys.getPublic());
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(6, san.toString()));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(30)));
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(ca.getBasicConstraints()).isEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    }
}
