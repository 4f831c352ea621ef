package io.rap.fabric.agent.control;

import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.Pem;
import io.rap.fabric.protocol.ProtocolException;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

/** The checks a node certificate handed over by the control plane must pass before the agent stores it. */
final class IssuedCertificates {

    private IssuedCertificates() {
    }

    /**
     * The certificate, if it is for {@code key} and signed by one of the certificates in
     * {@code caCertificatesPem}.
     *
     * @param what names the answer in error messages, e.g. "the approved enrollment"
     * @throws UntrustedAnswerException otherwise
     */
    static X509Certificate checked(String certificatePem, String caCertificatesPem, KeyPair key, String what) {
        X509Certificate certificate;
        List<X509Certificate> authorities;
        try {
            certificate = Pem.parseCertificate(certificatePem);
            authorities = Pem.parseCertificates(caCertificatesPem);
        } catch (ProtocolException e) {
            throw new UntrustedAnswerException(what + " carries unusable certificates: " + e.getMessage());
        }
        if (!Keys.isP256(certificate.getPublicKey())
                || !Keys.thumbprint(certificate.getPublicKey()).equals(Keys.thumbprint(key.getPublic()))) {
            throw new UntrustedAnswerException("the certificate issued by the control plane is not for this node's key;"
                    + " refusing it");
        }
        for (X509Certificate authority : authorities) {
            if (authority.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                try {
                    certificate.verify(authority.getPublicKey());
                    return certificate;
                } catch (GeneralSecurityException e) {
                    // try the next certificate with the same name
                }
            }
        }
        throw new UntrustedAnswerException("the node certificate is not signed by the cluster's CA certificate;"
                + " refusing it");
    }
}
