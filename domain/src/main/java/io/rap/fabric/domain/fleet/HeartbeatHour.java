package io.rap.fabric.domain.fleet;

import java.time.Instant;

/**
 * One hour of the heartbeat chart: memberships counted once each, under the worst health they
 * reported in that hour; {@code silent} are active memberships that existed during the hour and
 * sent nothing in it.
 */
public record HeartbeatHour(Instant start, long healthy, long degraded, long unhealthy, long silent) {
}
