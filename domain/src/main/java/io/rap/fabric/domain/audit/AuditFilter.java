package io.rap.fabric.domain.audit;

import io.rap.fabric.domain.shared.ValidationException;
import java.time.Instant;
import java.util.UUID;

/** Optional filters; null means "any". */
public record AuditFilter(UUID clusterId, UUID nodeId, String actor, String eventType, Instant from, Instant to) {

    public static AuditFilter none() {
        return new AuditFilter(null, null, null, null, null, null);
    }

    public AuditFilter withCluster(UUID id) {
        return new AuditFilter(id, nodeId, actor, eventType, from, to);
    }

    public AuditFilter withNode(UUID id) {
        return new AuditFilter(clusterId, id, actor, eventType, from, to);
    }

    public AuditFilter withEventType(String type) {
        return new AuditFilter(clusterId, nodeId, actor, type, from, to);
    }

    public AuditFilter withActor(String name) {
        return new AuditFilter(clusterId, nodeId, name, eventType, from, to);
    }

    public AuditFilter withTime(Instant fromInclusive, Instant toExclusive) {
        return new AuditFilter(clusterId, nodeId, actor, eventType, fromInclusive, toExclusive);
    }

    /** An empty time range is a mistake in the form, not a question with no answer. */
    void requireValidRange() {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ValidationException("to", "The end of the time range must be after its start");
        }
    }
}
