package io.rap.fabric.domain.trust;

import java.time.Instant;
import java.util.UUID;

/**
 * One certificate of a node as the owner console shows it. {@code status} is {@code active},
 * {@code rotated} (superseded, still valid), {@code revoked} or {@code expired}.
 */
public record CertificateView(UUID identityId, UUID nodeId, UUID clusterId, String serial, Instant notBefore,
                              Instant notAfter, String status, Instant rotatedAt, Instant revokedAt,
                              String revocationReason) {

    public static final String EXPIRED = "expired";

    /** Revoking makes sense while the certificate could still authenticate. */
    public boolean revocable() {
        return NodeIdentity.ACTIVE.equals(status) || NodeIdentity.ROTATED.equals(status);
    }

    static CertificateView of(NodeIdentity i, Instant now) {
        String status = !NodeIdentity.REVOKED.equals(i.status()) && i.isExpiredAt(now) ? EXPIRED : i.status();
        return new CertificateView(i.id(), i.nodeId(), i.clusterId(), i.certificateSerial(), i.certificateNotBefore(),
                i.certificateNotAfter(), status, i.rotatedAt(), i.revokedAt(), i.revocationReason());
    }
}
