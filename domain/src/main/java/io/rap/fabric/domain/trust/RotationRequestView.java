package io.rap.fabric.domain.trust;

import java.time.Instant;
import java.util.UUID;

/** An open rotation request as the owner console marks it on the certificate's row. */
public record RotationRequestView(UUID id, String requestedBy, Instant requestedAt, String reason) {

    static RotationRequestView of(CertificateRotationRequest request) {
        return request == null ? null
                : new RotationRequestView(request.id(), request.requestedBy(), request.requestedAt(), request.reason());
    }
}
