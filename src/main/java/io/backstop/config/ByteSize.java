package io.backstop.config;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.TypeConverter;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes as operators write it: {@code 8388608}, {@code 16MiB}, {@code 16mb}, {@code 1 GiB} (units of 1024). */
public record ByteSize(long bytes) {
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\\s*");

    public static Optional<ByteSize> parse(CharSequence text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        return Optional.of(new ByteSize(Long.parseLong(m.group(1)) << shift));
    }

    /** Lets Micronaut bind settings of this type. */
    @Singleton
    static class Converter implements TypeConverter<CharSequence, ByteSize> {
        @Override
        public Optional<ByteSize> convert(CharSequence text, Class<ByteSize> type, ConversionContext context) {
            return parse(text);
        }
    }
}
