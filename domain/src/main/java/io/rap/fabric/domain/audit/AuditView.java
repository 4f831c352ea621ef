package io.rap.fabric.domain.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

public record AuditView(UUID id, long sequenceNo, Instant occurredAt, String actor, String actorKind, String eventType,
                        UUID clusterId, UUID nodeId, String targetType, String targetId, Map<String, String> details) {
}
