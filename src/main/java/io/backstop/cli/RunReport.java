package io.backstop.cli;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Human-readable lines for runs, shared by the commands. */
final class RunReport {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private RunReport() {
    }

    static String outcome(BackupRun run) {
        String head = String.format("%-11s %s (run %s)", run.status(), run.target(), run.id() == null ? "-" : run.id());
        if (run.status() == RunStatus.SUCCEEDED) {
            return head + ": " + run.file() + ", " + size(run.bytes()) + " in " + duration(run);
        }
        return head + ": " + (run.error() == null ? "" : run.error());
    }

    static String size(Long bytes) {
        if (bytes == null) {
            return "-";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String units = "KMGT";
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length() - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f %siB", value, units.charAt(unit));
    }

    static String duration(BackupRun run) {
        if (run.startedAt() == null || run.finishedAt() == null) {
            return "-";
        }
        return String.format("%.1f s", Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0);
    }

    static String time(java.time.Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }
}
