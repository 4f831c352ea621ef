package io.rap.fabric.domain.audit;

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
}
