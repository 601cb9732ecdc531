package io.backstop.config;

import io.backstop.schedule.CronSchedule;
import ch.qos.logback.core.util.FileSize;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The global settings every target inherits, read as the text the operator wrote and checked here, so that every bad
 * value is reported at once, each naming its environment variable, instead of the first one failing Micronaut's
 * binding of {@link BackstopConfig}.
 */
record GlobalSettings(ZoneId zone, CronSchedule schedule, int retentionDays, int keepMin, CronSchedule verifySchedule) {
    static final String SCHEDULE = "backstop.schedule";
    static final String RETENTION = "backstop.retention-days";
    static final String KEEP_MIN = "backstop.keep-min";
    static final String VERIFY_SCHEDULE = "backstop.verify.schedule";
    private static final String FALLBACK_CRON = "0 */6 * * *";
    private static final String FALLBACK_VERIFY_CRON = "0 4 * * 0";

    static GlobalSettings read(WrittenConfiguration written, List<String> problems) {
        ZoneId zone = zone(written, problems);
        Optional<Integer> retention = number(written, RETENTION, Integer::parseInt, problems);
        Optional<Integer> keepMin = number(written, KEEP_MIN, Integer::parseInt, problems);
        retention.ifPresent(days -> checkRetention(days, written.describe(RETENTION), problems));
        keepMin.ifPresent(n -> checkKeepMin(n, written.describe(KEEP_MIN), problems));
        number(written, "micronaut.server.port", Integer::parseInt, problems).filter(p -> p < -1 || p > 65535).ifPresent(p ->
                problems.add(written.describe("micronaut.server.port") + ": must be a port number 1..65535, was " + p));
        number(written, "backstop.log.max-files", Integer::parseInt, problems).filter(n -> n < 1).ifPresent(n ->
                problems.add(written.describe("backstop.log.max-files") + ": must be 1 or more, was " + n));
        written.value("backstop.log.max-size").ifPresent(size -> {
            try {
                FileSize.valueOf(size);
            } catch (IllegalArgumentException e) {
                problems.add(written.describe("backstop.log.max-size") + ": a size such as 10MB, was '" + size + "'");
            }
        });
        written.value("backstop.dir").ifPresent(dir -> BackupDirCheck.problem(dir)
                .ifPresent(p -> problems.add(written.describe("backstop.dir") + ": " + p)));
        written.value("backstop.log.format").filter(v -> !v.trim().matches("(?i)text|json")).ifPresent(v ->
                problems.add(written.describe("backstop.log.format") + ": text or json, was '" + v + "'"));
        written.value("backstop.verify.mysql.place").filter(v -> !v.trim().matches("(?i)local|server|")).ifPresent(v ->
                problems.add(written.describe("backstop.verify.mysql.place") + ": local or server, was '" + v + "'"));
        written.value("backstop.verify.mysql.port").filter(port -> !port.isBlank()) // blank: the target's own port
                .flatMap(port -> number(port, written.describe("backstop.verify.mysql.port"), Integer::parseInt, problems)).filter(p -> p < 1 || p > 65535).ifPresent(p ->
                problems.add(written.describe("backstop.verify.mysql.port") + ": must be a port number 1..65535, was " + p));
        ZoneId inZone = zone == null ? ZoneId.of("UTC") : zone;
        CronSchedule schedule = cron(written.value(SCHEDULE).orElse(FALLBACK_CRON), written.describe(SCHEDULE), inZone, problems);
        CronSchedule verify = cron(written.value(VERIFY_SCHEDULE).orElse(FALLBACK_VERIFY_CRON), written.describe(VERIFY_SCHEDULE),
                inZone, problems);
        return new GlobalSettings(inZone, schedule == null ? CronSchedule.parse(FALLBACK_CRON, inZone) : schedule,
                retention.orElse(0), keepMin.orElse(1),
                verify == null ? CronSchedule.parse(FALLBACK_VERIFY_CRON, inZone) : verify);
    }

    /** A cron expression that parses and fires at least once more. */
    static CronSchedule cron(String expression, String key, ZoneId zone, List<String> problems) {
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(expression, zone);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": invalid cron '" + expression + "': " + e.getMessage());
            return null;
        }
        if (!schedule.firesAgain()) {
            problems.add(key + ": cron '" + expression + "' never fires (no such date)");
            return null;
        }
        return schedule;
    }

    static void checkRetention(int days, String key, List<String> problems) {
        if (days < 0) {
            problems.add(key + ": must be 0 or more days, was " + days);
        }
    }

    static void checkKeepMin(int keepMin, String key, List<String> problems) {
        if (keepMin < 1) {
            problems.add(key + ": must be at least 1 (the newest good backup is never deleted), was " + keepMin);
        }
    }

    static <T> Optional<T> number(WrittenConfiguration written, String key, Function<String, T> parse, List<String> problems) {
        return written.value(key).flatMap(text -> number(text, written.describe(key), parse, problems));
    }

    static <T> Optional<T> number(String text, String key, Function<String, T> parse, List<String> problems) {
        try {
            return Optional.of(parse.apply(text.trim()));
        } catch (NumberFormatException e) {
            problems.add(key + ": not a number: '" + text + "'");
            return Optional.empty();
        }
    }

    private static ZoneId zone(WrittenConfiguration written, List<String> problems) {
        String id = written.value("backstop.time-zone").orElse("UTC");
        try {
            return ZoneId.of(id.isBlank() ? "UTC" : id);
        } catch (DateTimeException e) {
            problems.add(written.describe("backstop.time-zone") + ": unknown time zone '" + id + "'");
            return null;
        }
    }
}
