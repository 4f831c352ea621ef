package io.rap.fabric.domain.trust;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The revoked, not yet expired certificates of one cluster, as of {@code generatedAt}. */
public record RevocationList(UUID clusterId, Instant generatedAt, List<RevokedCertificate> revoked) {

    public RevocationList {
        revoked = List.copyOf(revoked);
    }
}
