package io.rap.fabric.domain.trust;

import java.time.Instant;
import java.util.UUID;

/**
 * One certificate of a node as the owner console shows it. {@code status} is {@code active},
 * {@code rotated} (superseded, still valid), {@code revoked} or {@code expired};
 * {@code rotationRequest} is the owner's open request that the node rotate it now, or null.
 */
public record CertificateView(UUID identityId, UUID nodeId, UUID clusterId, String serial, Instant notBefore,
                              Instant notAfter, String status, Instant rotatedAt, Instant revokedAt,
                              String revocationReason, RotationRequestView rotationRequest) {

    public static final String EXPIRED = "expired";

    /** Revoking makes sense while the certificate could still authenticate. */
    public boolean revocable() {
        return NodeIdentity.ACTIVE.equals(status) || NodeIdentity.ROTATED.equals(status);
    }

    /** A rotation can be requested for the certificate the node presents now, once at a time. */
    public boolean rotationRequestable() {
        return NodeIdentity.ACTIVE.equals(status) && rotationRequest == null;
    }

    static CertificateView of(NodeIdentity i, Instant now) {
        return of(i, now, null);
    }

    /** {@code request} is shown only while the certificate is active: only then can the node act on it. */
    static CertificateView of(NodeIdentity i, Instant now, CertificateRotationRequest request) {
        String status = !NodeIdentity.REVOKED.equals(i.status()) && i.isExpiredAt(now) ? EXPIRED : i.status();
        return new CertificateView(i.id(), i.nodeId(), i.clusterId(), i.certificateSerial(), i.certificateNotBefore(),
                i.certificateNotAfter(), status, i.rotatedAt(), i.revokedAt(), i.revocationReason(),
                NodeIdentity.ACTIVE.equals(status) ? RotationRequestView.of(request) : null);
    }
}
