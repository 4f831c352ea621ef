package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** Reads {@code 15} (seconds), {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT15S}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
