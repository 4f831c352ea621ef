package io.rap.fabric.domain.telemetry;

import java.time.Instant;
import java.util.UUID;

/**
 * A flag as the owner's list shows it.
 *
 * @param status  {@code active}, {@code expired} or {@code disabled}, derived at read time
 * @param version what a disable must name, so a stale form is refused
 */
public record TelemetryFlagView(UUID id, String scopeType, UUID clusterId, String clusterName, UUID nodeId,
                                String nodeName, UUID organizationId, String organizationName, String flag,
                                String reason, String enabledBy, Instant enabledAt, Instant expiresAt,
                                String disabledBy, Instant disabledAt, String status, long version) {

    /** The scope's target for people: the organization, the node (and its cluster), or the cluster. */
    public String targetName() {
        return switch (scopeType) {
            case TelemetryTarget.NODE -> nodeName + " @ " + clusterName;
            case TelemetryTarget.ORGANIZATION -> organizationName;
            default -> clusterName;
        };
    }

    public boolean active() {
        return TelemetryFlagSetting.ACTIVE.equals(status);
    }

    static TelemetryFlagView of(TelemetryFlagSetting f, String clusterName, String nodeName, String organizationName,
                                Instant now) {
        return new TelemetryFlagView(f.id(), f.scopeType(), f.clusterId(), clusterName, f.nodeId(), nodeName,
                f.organizationId(), organizationName, f.flag(), f.reason(), f.enabledBy(), f.enabledAt(),
                f.expiresAt(), f.disabledBy(), f.disabledAt(), f.status(now), f.version());
    }
}
