package io.rap.fabric.domain.telemetry;

import java.time.Instant;
import java.util.UUID;

/**
 * A flag that applies to a membership now, and where it comes from.
 *
 * @param source {@code node}, {@code cluster} or {@code organization} (the scope it was enabled on)
 * @param sourceName the organization's name for an organization flag, otherwise {@code null}
 */
public record EffectiveFlag(UUID flagId, String flag, String source, String sourceName, Instant expiresAt) {
}
