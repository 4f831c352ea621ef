package io.rap.fabric.protocol;

import java.security.PublicKey;

/**
 * A PKCS#10 request whose self-signature (proof of possession) has been verified.
 *
 * @param publicKey  the EC P-256 key the certificate is to be issued for
 * @param subject    the requested subject as an RFC 4514-style string, e.g. {@code CN=edge-1}
 * @param commonName the subject's common name, or {@code null} when it has none
 */
public record ParsedCsr(PublicKey publicKey, String subject, String commonName) {

    /** RFC 7638 thumbprint of the key: node proofs made with the CSR's key carry the same. */
    public String keyThumbprint() {
        return Keys.thumbprint(publicKey);
    }
}
