package io.rap.fabric.protocol;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsrTest {

    private final KeyPair key = Keys.generateP256();

    @Test
    void createdRequestVerifies() {
        String pem = Csr.create(key, "edge-1");

        ParsedCsr parsed = Csr.parseAndVerify(pem);

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(parsed.publicKey()).isEqualTo(key.getPublic());
        assertThat(parsed.subject()).isEqualTo("CN=edge-1");
        assertThat(parsed.commonName()).isEqualTo("edge-1");
        assertThat(parsed.keyThumbprint()).isEqualTo(Keys.thumbprint(key.getPublic()));
    }

    @Test
    void forgedSignatureIsRefused() {
        byte[] der = Pem.decodeCsr(Csr.create(key, "edge-1"));
        der[der.length - 1] ^= 0x01; // last byte of the signature's S

        assertRefused(Pem.encodeCsr(der), "CSR signature does not verify with its public key");
    }

    @Test
    void requestWithAnotherKeysSignatureIsRefused() throws Exception {
        KeyPair other = Keys.generateP256();
        // Claims key's public key but is signed by another key: no proof of possession.
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=edge-1"), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(other.getPrivate()));

        assertRefused(Pem.encodeCsr(request.getEncoded()), "CSR signature does not verify with its public key");
    }

    @Test
    void rsaRequestIsRefused() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rsaKey = rsa.generateKeyPair();
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=edge-1"), rsaKey.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(rsaKey.getPrivate()));

        assertRefused(Pem.encodeCsr(request.getEncoded()), "CSR must be signed with ECDSA and SHA-256");
    }

    @Test
    void otherCurveIsRefused() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = ec.generateKeyPair();
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=edge-1"), p384.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(p384.getPrivate()));

        assertRefused(Pem.encodeCsr(request.getEncoded()), "CSR key must be EC P-256");
    }

    @Test
    void garbageAndOversizedInputAreRefused() {
        assertRefused("not a csr", "CSR is not PEM: unexpected text outside PEM blocks");
        assertRefused(Pem.encodeCsr(new byte[]{0x30, 0x03, 0x02, 0x01, 0x01}), "CSR is not a PKCS#10 request");
        assertRefused("x".repeat(Limits.MAX_CSR_PEM_LENGTH + 1), "CSR is larger than 8192 characters");
        assertRefused(null, "no CSR given");
    }

    private static void assertRefused(String pem, String message) {
        assertThatThrownBy(() -> Csr.parseAndVerify(pem))
                .isInstanceOf(ProtocolException.class)
                .hasMessage(message)
                .satisfies(e -> {
                    assertThat(((ProtocolException) e).code()).isEqualTo(ProtocolException.INVALID_CSR);
                    assertThat(((ProtocolException) e).field()).isEqualTo("csrPem");
                });
    }
}
