package io.backstop.config;

import io.backstop.engine.EngineRegistry;
import io.backstop.schedule.CronSchedule;
import io.micronaut.context.annotation.Context;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every configured target, from simple mode (environment variables) and full mode (YAML), validated
 * as a whole at start-up together with the global and S3 settings: all problems are collected and
 * reported together, each naming its key.
 */
@Context
public class Targets {
    static final String GLOBAL_SCHEDULE = "BACKUP_SCHEDULE (backstop.schedule)";
    static final String GLOBAL_RETENTION = "BACKUP_RETENTION_DAYS (backstop.retention-days)";
    static final String GLOBAL_KEEP_MIN = "BACKUP_KEEP_MIN (backstop.keep-min)";
    private static final String FALLBACK_CRON = "0 */6 * * *";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*(_[A-Za-z0-9.-]+)*");

    private final Map<String, Target> byName;
    private final List<Target> ordered;
    private final ZoneId zone;

    public Targets(BackstopConfig config, MysqlSimpleConfig mysql, MongoSimpleConfig mongo, S3Config s3,
                   List<TargetProperties> fullMode, EngineRegistry engines) {
        List<String> problems = new ArrayList<>();
        this.zone = parseZone(config.getTimeZone(), problems);
        validateGlobals(config, problems);
        problems.addAll(s3.problems());
        CronSchedule globalSchedule = parseCron(config.getSchedule(), GLOBAL_SCHEDULE, problems);
        if (globalSchedule == null) {
            // already reported; keep checking the targets so every problem is listed in one go
            globalSchedule = CronSchedule.parse(FALLBACK_CRON, ZoneId.of("UTC"));
        }

        Map<String, Target> targets = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (Target t : simpleModeTargets(config, mysql, mongo, globalSchedule)) {
            add(t, t.keys().of("engine"), targets, origins, problems);
        }
        for (TargetProperties p : fullMode) {
            Target t = fullModeTarget(p, config, globalSchedule, engines, problems);
            if (t != null) {
                add(t, "backstop.targets." + p.getName(), targets, origins, problems);
            }
        }
        for (Target t : targets.values()) {
            engines.find(t.engine()).ifPresent(engine -> problems.addAll(engine.validate(t)));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationProblems(problems);
        }
        this.byName = Map.copyOf(targets);
        this.ordered = List.copyOf(targets.values());
    }

    public List<Target> all() {
        return ordered;
    }

    public Optional<Target> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    private List<Target> simpleModeTargets(BackstopConfig config, MysqlSimpleConfig mysql, MongoSimpleConfig mongo,
                                           CronSchedule schedule) {
        List<Target> result = new ArrayList<>();
        if (mysql.getHost() != null && !mysql.getHost().isBlank()) {
            ConfigKeys keys = simpleKeys(Map.of("engine", "MYSQL_HOST", "connection.host", "MYSQL_HOST",
                    "connection.port", "MYSQL_PORT", "connection.user", "MYSQL_USER",
                    "connection.password-file", "MYSQL_PASSWORD_FILE", "connection.databases", "MYSQL_DB",
                    "connection.dump-options", "MYSQL_DUMP_OPTS"));
            result.add(new Target("mysql", "mysql", Map.copyOf(mysql.connection()), schedule, config.getRetentionDays(),
                    config.getKeepMin(), keys));
        }
        if (mongo.getUri() != null && !mongo.getUri().isBlank()) {
            ConfigKeys keys = simpleKeys(Map.of("engine", "MONGO_URI", "connection.uri", "MONGO_URI",
                    "connection.databases", "MONGO_DB", "connection.mode", "MONGO_MODE"));
            result.add(new Target("mongodb", "mongodb", Map.copyOf(mongo.connection()), schedule, config.getRetentionDays(),
                    config.getKeepMin(), keys));
        }
        String paths = config.getSqlitePath();
        if (paths == null || paths.isBlank()) {
            return result;
        }
        ConfigKeys keys = simpleKeys(Map.of("engine", "SQLITE_PATH", "connection.path", "SQLITE_PATH"));
        for (String raw : paths.split(",")) {
            String path = raw.trim();
            if (path.isEmpty()) {
                continue;
            }
            result.add(new Target(stem(path), "sqlite", Map.of("path", path), schedule,
                    config.getRetentionDays(), config.getKeepMin(), keys));
        }
        return result;
    }

    private static ConfigKeys simpleKeys(Map<String, String> engineKeys) {
        Map<String, String> keys = new java.util.HashMap<>(engineKeys);
        keys.put("schedule", GLOBAL_SCHEDULE);
        keys.put("retention-days", GLOBAL_RETENTION);
        keys.put("keep-min", GLOBAL_KEEP_MIN);
        return new ConfigKeys("", Map.copyOf(keys));
    }

    private Target fullModeTarget(TargetProperties p, BackstopConfig config, CronSchedule globalSchedule,
                                  EngineRegistry engines, List<String> problems) {
        ConfigKeys keys = ConfigKeys.fullMode(p.getName());
        String engine = p.getEngine();
        if (engine == null || engine.isBlank()) {
            problems.add(keys.of("engine") + ": missing; one of " + engines.names());
        } else if (engines.find(engine).isEmpty()) {
            problems.add(keys.of("engine") + ": unknown engine '" + engine + "'; one of " + engines.names());
        }
        CronSchedule schedule = p.getSchedule() == null ? globalSchedule
                : parseCron(p.getSchedule(), keys.of("schedule"), problems);
        if (schedule == null) {
            schedule = globalSchedule;
        }
        int retention = p.getRetentionDays() == null ? config.getRetentionDays() : p.getRetentionDays();
        int keepMin = p.getKeepMin() == null ? config.getKeepMin() : p.getKeepMin();
        checkRetention(retention, keys.of("retention-days"), problems);
        checkKeepMin(keepMin, keys.of("keep-min"), problems);
        if (engine == null || engines.find(engine).isEmpty()) {
            return null;
        }
        return new Target(p.getName(), engine, Map.copyOf(p.getConnection()), schedule, retention, keepMin, keys);
    }

    private void add(Target t, String origin, Map<String, Target> targets, Map<String, String> origins,
                     List<String> problems) {
        if (!SAFE_NAME.matcher(t.name()).matches() || t.name().contains("_backup_")) {
            problems.add(origin + ": target name '" + t.name()
                    + "' must be letters, digits, '.', '-' or single '_' (it becomes a directory and file name)");
            return;
        }
        String previous = origins.putIfAbsent(t.name(), origin);
        if (previous != null) {
            problems.add(origin + ": duplicate target name '" + t.name() + "' (also defined by " + previous + ")");
            return;
        }
        targets.put(t.name(), t);
    }

    private void validateGlobals(BackstopConfig config, List<String> problems) {
        checkRetention(config.getRetentionDays(), GLOBAL_RETENTION, problems);
        checkKeepMin(config.getKeepMin(), GLOBAL_KEEP_MIN, problems);
        if (config.getGzipLevel() < 1 || config.getGzipLevel() > 9) {
            problems.add("BACKUP_GZIP_LEVEL (backstop.gzip-level): must be 1..9, was " + config.getGzipLevel());
        }
        if (config.getCompressThreads() < 0) {
            problems.add("BACKUP_COMPRESS_THREADS (backstop.compress-threads): must be 0 (one per core) or more, was "
                    + config.getCompressThreads());
        }
        if (config.getHealthMaxAgeFactor() <= 1.0) {
            problems.add("BACKUP_HEALTH_MAX_AGE_FACTOR (backstop.health-max-age-factor): must be greater than 1, was "
                    + config.getHealthMaxAgeFactor());
        }
        if (config.getDir() == null || config.getDir().toString().isBlank()) {
            problems.add("BACKUP_DIR (backstop.dir): missing");
        }
    }

    private static void checkRetention(int days, String key, List<String> problems) {
        if (days < 0) {
            problems.add(key + ": must be 0 or more days, was " + days);
        }
    }

    private static void checkKeepMin(int keepMin, String key, List<String> problems) {
        if (keepMin < 1) {
            problems.add(key + ": must be at least 1 (the newest good backup is never deleted), was " + keepMin);
        }
    }

    private CronSchedule parseCron(String expression, String key, List<String> problems) {
        try {
            return CronSchedule.parse(expression, zone == null ? ZoneId.of("UTC") : zone);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": invalid cron '" + expression + "': " + e.getMessage());
            return null;
        }
    }

    private static ZoneId parseZone(String id, List<String> problems) {
        try {
            return ZoneId.of(id == null || id.isBlank() ? "UTC" : id);
        } catch (DateTimeException e) {
            problems.add("TZ (backstop.time-zone): unknown time zone '" + id + "'");
            return null;
        }
    }

    static String stem(String path) {
        String file = Path.of(path).getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
