package io.rap.fabric.domain.organization;

import java.time.Instant;
import java.util.Map;

/** An organization's audit event; unlike the owner's view it has no cluster or node fields. */
public record OrganizationAuditView(long sequenceNo, Instant occurredAt, String actor, String eventType,
                                    String targetType, String targetId, Map<String, String> details) {

    public OrganizationAuditView {
        details = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(details));
    }
}
