package io.rap.fabric.domain.trust;

import java.time.Instant;

/** A revoked certificate that would otherwise still be valid: peers must refuse it until {@code notAfter}. */
public record RevokedCertificate(String serial, Instant revokedAt, Instant notAfter) {
}
