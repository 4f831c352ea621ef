package io.rap.fabric.domain.node;

import java.time.Instant;

/**
 * @param rotationRequestedAt when the owner asked the node to rotate the certificate this
 *                            heartbeat was proven with; null when nobody did (or it was done)
 */
public record HeartbeatResult(Instant receivedAt, long desiredStateVersion, String membershipStatus,
                              Instant rotationRequestedAt) {
}
