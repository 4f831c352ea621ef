package io.rap.fabric.domain.organization;

import java.time.Instant;
import java.util.UUID;

public record AccessSessionView(UUID id, String username, String resourceName, String protocol,
                                String entryPointName, String status, boolean mfaUsed, Instant requestedAt,
                                Instant startedAt, Instant endedAt, String terminatedBy, String terminationReason) {

    public boolean open() {
        return AccessSession.REQUESTED.equals(status) || AccessSession.ACTIVE.equals(status);
    }
}
