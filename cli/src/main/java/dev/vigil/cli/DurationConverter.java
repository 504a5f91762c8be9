package dev.vigil.cli;

import dev.vigil.core.config.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** Every DURATION flag (30s, 5m, 2h, 1d12h), registered once on the root: a bad value is refused while parsing, exit 64. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
