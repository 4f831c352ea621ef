package io.rap.fabric.domain.telemetry;

import io.rap.fabric.protocol.RuntimeDetail;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The "Test telemetry" panel of one membership in the owner's Node Detail.
 *
 * @param runtime    the runtime block of the latest heartbeat, {@code null} when it carried none
 * @param reportedAt when that heartbeat arrived
 */
public record NodeTelemetry(UUID clusterId, String clusterName, List<EffectiveFlag> flags, RuntimeDetail runtime,
                            Instant reportedAt) {
}
