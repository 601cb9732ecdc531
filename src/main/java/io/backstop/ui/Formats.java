package io.backstop.ui;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** How the page writes sizes, ages and messages. */
final class Formats {
    /** An absolute filesystem path, not the path part of a URL ({@code http://host/x}, {@code s3://bucket/x}). */
    private static final Pattern PATH = Pattern.compile("(?<![\\w:/.])/(?:[\\w.@+-]+/)*[\\w.@+-]+");

    private Formats() {
    }

    static String bytes(@Nullable Long bytes) {
        if (bytes == null) {
            return "–";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String age(Duration age) {
        long minutes = age.toMinutes();
        if (minutes < 1) {
            return age.toSeconds() + " s";
        }
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = age.toHours();
        return hours < 48 ? hours + " h " + (minutes % 60) + " min" : age.toDays() + " d " + (hours % 24) + " h";
    }

    /** A message with every filesystem path replaced, for visitors who did not give the API key. */
    static String withoutPaths(@Nullable String message) {
        return message == null ? null : PATH.matcher(message).replaceAll("[path]");
    }
}
