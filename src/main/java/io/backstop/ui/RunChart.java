package io.backstop.ui;

import io.backstop.catalog.BackupRun;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Two lines over a target's last good runs, oldest left: the backup's size and how long the run took, each scaled to
 * its own maximum. Drawn as inline SVG by the template, so the page needs no script.
 *
 * @param sizePoints     SVG polyline points of the sizes
 * @param durationPoints SVG polyline points of the durations
 * @param caption        the ranges in words, for readers and screen readers
 */
public record RunChart(String sizePoints, String durationPoints, String caption) {
    static final int WIDTH = 300;
    static final int HEIGHT = 60;

    /** @param newestFirst good runs, newest first, as the catalog lists them */
    static RunChart of(List<BackupRun> newestFirst) {
        List<BackupRun> runs = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(runs);
        if (runs.size() < 2) {
            return new RunChart("", "", runs.isEmpty() ? "no good backup yet" : "one good backup so far");
        }
        ToDoubleFunction<BackupRun> size = r -> r.bytes() == null ? 0 : r.bytes();
        ToDoubleFunction<BackupRun> seconds = r -> r.startedAt() == null || r.finishedAt() == null ? 0
                : Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0;
        double maxSize = runs.stream().mapToDouble(size).max().orElse(0);
        double maxSeconds = runs.stream().mapToDouble(seconds).max().orElse(0);
        String caption = runs.size() + " good runs: size up to " + Formats.bytes((long) maxSize) + ", duration up to "
                + String.format(Locale.ROOT, "%.1f s", maxSeconds);
        return new RunChart(points(runs, size, maxSize), points(runs, seconds, maxSeconds), caption);
    }

    private static String points(List<BackupRun> runs, ToDoubleFunction<BackupRun> value, double max) {
        double step = (double) WIDTH / (runs.size() - 1);
        return java.util.stream.IntStream.range(0, runs.size())
                .mapToObj(i -> String.format(Locale.ROOT, "%.1f,%.1f", i * step,
                        HEIGHT - 2 - (max <= 0 ? 0 : value.applyAsDouble(runs.get(i)) / max * (HEIGHT - 4))))
                .collect(Collectors.joining(" "));
    }
}
