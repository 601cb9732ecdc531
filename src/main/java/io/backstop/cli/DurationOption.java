package io.backstop.cli;

import io.micronaut.core.convert.ConversionService;
import picocli.CommandLine;

import java.time.Duration;

/** {@code 30m}, {@code 2h}, {@code 3d}, as in the configuration. */
class DurationOption implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return ConversionService.SHARED.convert(value.trim(), Duration.class).filter(d -> !d.isNegative() && !d.isZero())
                .orElseThrow(() -> new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 30m, 2h or 3d"));
    }
}
