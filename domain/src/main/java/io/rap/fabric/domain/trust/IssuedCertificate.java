package io.rap.fabric.domain.trust;

import java.time.Instant;

/** A certificate the cluster CA issued, with the CA certificate that verifies it. */
public record IssuedCertificate(String certificatePem, String caCertificatePem, String serialHex, Instant notBefore,
                                Instant notAfter) {
}
