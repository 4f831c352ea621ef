package io.rap.fabric.domain.telemetry;

/**
 * The enable form.
 *
 * @param expiresInHours {@code null} for the default of {@link TelemetryService#DEFAULT_HOURS}
 */
public record NewTelemetryFlag(TelemetryTarget target, String flag, Integer expiresInHours, String reason) {
}
