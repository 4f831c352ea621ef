package io.rap.fabric.protocol;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PemTest {

    private final KeyPair key = Keys.generateP256();

    @Test
    void certificatesRoundTrip() throws Exception {
        X509Certificate cert = TestCertificates.selfSigned(key, "ca", 42);

        String pem = Pem.encodeCertificate(cert);

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(Pem.parseCertificate(pem)).isEqualTo(cert);
    }

    @Test
    void chainsKeepTheirOrder() throws Exception {
        X509Certificate first = TestCertificates.selfSigned(key, "one", 1);
        X509Certificate second = TestCertificates.selfSigned(key, "two", 2);

        String chain = Pem.encodeCertificate(first) + "\n" + Pem.encodeCertificate(second);

        assertThat(Pem.parseCertificates(chain)).containsExactly(first, second);
        assertThatThrownBy(() -> Pem.parseCertificate(chain)).hasMessage("expected exactly one CERTIFICATE block, found 2");
    }

    @Test
    void keysRoundTrip() {
        assertThat(Pem.parsePrivateKey(Pem.encodePrivateKey(key.getPrivate()))).isEqualTo(key.getPrivate());
        assertThat(Pem.parsePublicKey(Pem.encodePublicKey(key.getPublic()))).isEqualTo(key.getPublic());
    }

    @Test
    void garbageIsRefusedWithAClearError() {
        String pem = Pem.encodePublicKey(key.getPublic());

        assertInvalid(null, "no PEM data");
        assertInvalid("hello", "unexpected text outside PEM blocks");
        assertInvalid("note\n" + pem, "unexpected text outside PEM blocks");
        assertInvalid(pem.replace("-----END PUBLIC KEY-----", "-----END PRIVATE KEY-----"),
                "PEM block BEGIN PUBLIC KEY ends with END PRIVATE KEY");
        assertThatThrownBy(() -> Pem.parseCertificate(pem)).hasMessage("expected PEM label CERTIFICATE, found PUBLIC KEY");
        assertThatThrownBy(() -> Pem.parsePublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .hasMessage("PUBLIC KEY block is not a usable SubjectPublicKeyInfo");
        assertThatThrownBy(() -> Pem.parseCertificate("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"))
                .hasMessage("CERTIFICATE block is not a valid X.509 certificate");
        assertThatThrownBy(() -> Pem.parseCertificate("-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n"))
                .hasMessage("CERTIFICATE block is not valid base64");
    }

    private static void assertInvalid(String pem, String message) {
        assertThatThrownBy(() -> Pem.decode(pem, Pem.PUBLIC_KEY))
                .isInstanceOf(ProtocolException.class)
                .hasMessage(message)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ProtocolException.INVALID_PEM);
    }
}
