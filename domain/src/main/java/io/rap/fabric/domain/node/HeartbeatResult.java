package io.rap.fabric.domain.node;

import java.time.Instant;

public record HeartbeatResult(Instant receivedAt, long desiredStateVersion, String membershipStatus) {
}
