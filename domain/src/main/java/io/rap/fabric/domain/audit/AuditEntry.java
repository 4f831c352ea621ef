package io.rap.fabric.domain.audit;

import io.rap.fabric.domain.access.Caller;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/** What happened, by whom, to what: the input of {@link AuditLog#record(AuditEntry)}. */
public record AuditEntry(String eventType, String actor, ActorKind actorKind, UUID clusterId, UUID nodeId,
                         UUID organizationId, String targetType, String targetId, Map<String, String> details) {

    public AuditEntry {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(actorKind, "actorKind");
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    }

    public static Builder byPerson(Caller caller, String eventType) {
        return new Builder(eventType, caller.username(), ActorKind.PERSON);
    }

    public static Builder byNode(String nodeActor, String eventType) {
        return new Builder(eventType, nodeActor, ActorKind.NODE);
    }

    public static Builder bySystem(String eventType) {
        return new Builder(eventType, "system", ActorKind.SYSTEM);
    }

    /** Fluent construction so call sites read as sentences and optional parts stay optional. */
    public static final class Builder {
        private final String eventType;
        private final String actor;
        private final ActorKind actorKind;
        private UUID clusterId;
        private UUID nodeId;
        private UUID organizationId;
        private String targetType;
        private String targetId;
        private final Map<String, String> details = new TreeMap<>();

        private Builder(String eventType, String actor, ActorKind actorKind) {
            this.eventType = eventType;
            this.actor = actor;
            this.actorKind = actorKind;
        }

        public Builder cluster(UUID id) { this.clusterId = id; return this; }
        public Builder node(UUID id) { this.nodeId = id; return this; }
        public Builder organization(UUID id) { this.organizationId = id; return this; }

        public Builder target(String type, Object id) {
            this.targetType = type;
            this.targetId = id == null ? null : id.toString();
            return this;
        }

        public Builder detail(String key, Object value) {
            details.put(key, value == null ? null : value.toString());
            return this;
        }

        public AuditEntry build() {
            return new AuditEntry(eventType, actor, actorKind, clusterId, nodeId, organizationId, targetType,
                    targetId, details);
        }
    }
}
