package io.backstop.config;

import io.backstop.engine.BackupEngine;
import io.backstop.engine.EngineRegistry;
import io.backstop.schedule.CronSchedule;
import io.backstop.storage.TargetName;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every configured target, from simple mode (environment variables) and full mode (YAML), validated as a whole
 * together with the global and S3 settings and every key written under {@code backstop}: all problems are collected
 * and reported together, each naming its key. The daemon creates it first (see {@link ConfigurationCheck}); the CLI
 * only when a command works without a daemon.
 */
@Singleton
public class Targets {
    private static final String TARGETS = "backstop.targets.";
    private static final Set<String> TARGET_SETTINGS = Set.of("engine", "schedule", "retention-days", "keep-min",
            "encrypt-recipients", "compression", "binlog.enabled", "binlog.server-id");

    private final Map<String, Target> byName;
    private final List<Target> ordered;
    private final CronSchedule verifySchedule;

    public Targets(WrittenConfiguration written, List<SimpleMode> simpleModes, TypedSettings typed, EncryptSettings encrypt,
                   List<TargetProperties> fullMode, EngineRegistry engines, List<SettingsCheck> checks) {
        List<String> problems = new ArrayList<>();
        GlobalSettings globals = GlobalSettings.read(written, problems);
        List<String> recipients = recipients(encrypt, written, problems);
        problems.addAll(typed.problems(BackstopConfig.class, "backstop", config -> List.of()));
        problems.addAll(typed.problems(VerifySettings.class, "backstop.verify", settings -> List.of()));
        problems.addAll(typed.problems(LogCaptureLimits.class, "backstop.binlog", limits -> List.of()));
        problems.addAll(typed.problems(S3Config.class, "backstop.s3", S3Config::problems));
        checks.forEach(check -> problems.addAll(check.problems()));
        Map<String, String> rawNames = rawTargetNames(written, problems);
        problems.addAll(unknownKeys(written, rawNames, fullMode, engines));

        Map<String, Target> targets = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        // a value that is neither is reported by the typed check of BackstopConfig; gzip stands in meanwhile
        BackstopConfig.Compression compression = compression(written.value("backstop.compression").orElse("gzip"))
                .orElse(BackstopConfig.Compression.GZIP);
        List<Target> simple = simpleModeTargets(written, simpleModes, globals, compression, recipients, engines, problems);
        for (Target t : simple) {
            add(t, t.keys().of("engine"), targets, origins, problems);
        }
        for (TargetProperties p : fullMode) {
            String name = rawNames.getOrDefault(p.getName(), p.getName());
            Target t = fullModeTarget(name, p, globals, compression, recipients, engines, problems);
            if (t != null) {
                add(t, TARGETS + name, targets, origins, problems);
            }
        }
        for (Target t : targets.values()) {
            engines.find(t.engine()).ifPresent(engine -> problems.addAll(engine.validate(t)));
        }
        if (simple.isEmpty() && fullMode.isEmpty()) {
            List<String> enabling = simpleModes.stream().map(SimpleMode::enabledBy).sorted().toList();
            problems.add("no target configured: set " + String.join(", ", enabling) + " or BACKUP_CONFIG"
                    + " (a YAML file with backstop.targets.<name>)" + misspelledVariables(written, enabling));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationProblems(problems);
        }
        this.byName = Map.copyOf(targets);
        this.ordered = List.copyOf(targets.values());
        this.verifySchedule = globals.verifySchedule();
    }

    /** When the full verification of every target's newest good backup runs ({@code BACKUP_VERIFY_SCHEDULE}). */
    public CronSchedule verifySchedule() {
        return verifySchedule;
    }

    public List<Target> all() {
        return ordered;
    }

    public Optional<Target> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Micronaut's name of each full-mode target mapped to the name the operator wrote. Two written names that
     * Micronaut would merge into one are a problem, never a silent rename.
     */
    private static Map<String, String> rawTargetNames(WrittenConfiguration written, List<String> problems) {
        Map<String, String> raw = new HashMap<>();
        Set<String> clashes = new HashSet<>();
        for (String key : written.keysUnder(TARGETS).keySet()) {
            String name = key.substring(TARGETS.length()).split("\\.")[0];
            String normalized = WrittenConfiguration.normalized(name);
            String previous = raw.putIfAbsent(normalized, name);
            if (previous != null && !previous.equals(name) && clashes.add(normalized)) {
                problems.add(TARGETS + name + ": the same target as " + TARGETS + previous
                        + " for the configuration framework (it ignores '_', '-' and case); rename one of them");
            }
        }
        return raw;
    }

    /** Every written key under {@code backstop} must be one Backstop knows; a typo is named with the closest key. */
    private static List<String> unknownKeys(WrittenConfiguration written, Map<String, String> rawNames,
                                            List<TargetProperties> fullMode, EngineRegistry engines) {
        Set<String> knownGlobal = written.defaultsUnder("backstop.").keySet();
        Map<String, String> engineOf = new HashMap<>();
        fullMode.forEach(p -> engineOf.put(rawNames.getOrDefault(p.getName(), p.getName()), p.getEngine()));
        List<String> problems = new ArrayList<>();
        for (String key : written.keysUnder("backstop.").keySet()) {
            String normalized = normalizedKey(key);
            if (!key.startsWith(TARGETS)) {
                UnknownKeys.check(key, normalized, knownGlobal).ifPresent(problems::add);
                continue;
            }
            String name = key.substring(TARGETS.length()).split("\\.")[0];
            String prefix = TARGETS + name + ".";
            Set<String> known = new LinkedHashSet<>();
            TARGET_SETTINGS.forEach(s -> known.add(prefix + s));
            Optional<BackupEngine> engine = Optional.ofNullable(engineOf.get(name)).flatMap(engines::find);
            engine.ifPresent(e -> e.connectionKeys().forEach(c -> known.add(prefix + "connection." + c)));
            if (engine.isEmpty() && normalized.startsWith(normalizedKey(prefix) + "connection.")) {
                continue; // the engine is unknown or missing, which is reported; its connection keys cannot be judged
            }
            UnknownKeys.check(key, prefix + normalized.substring(normalizedKey(prefix).length()), known)
                    .ifPresent(problems::add);
        }
        return problems;
    }

    /** Set variables that look like Backstop's but are not, each with the closest known one: the usual cause of no targets. */
    private static String misspelledVariables(WrittenConfiguration written, List<String> enabling) {
        Set<String> known = written.environmentVariables();
        Set<String> prefixes = new HashSet<>(Set.of("BACKUP_"));
        enabling.forEach(variable -> prefixes.add(variable.substring(0, variable.indexOf('_') + 1)));
        List<String> hints = new ArrayList<>();
        for (String name : System.getenv().keySet()) {
            if (!known.contains(name) && prefixes.stream().anyMatch(name::startsWith)) {
                UnknownKeys.check(name, name, known).filter(p -> p.contains("did you mean")).ifPresent(hints::add);
            }
        }
        hints.sort(null);
        return hints.isEmpty() ? "" : "; " + String.join("; ", hints).replace(": unknown setting;", " is set but unknown;");
    }

    private static String normalizedKey(String key) {
        return String.join(".", Arrays.stream(key.split("\\.")).map(WrittenConfiguration::normalized).toList())
                + (key.endsWith(".") ? "." : "");
    }

    /** The global age recipients; each key's format is checked by the crypt package's {@link SettingsCheck}. */
    private static List<String> recipients(EncryptSettings encrypt, WrittenConfiguration written, List<String> problems) {
        try {
            return encrypt.allRecipients();
        } catch (java.io.UncheckedIOException e) {
            problems.add(written.describe(EncryptSettings.RECIPIENTS_FILE) + ": " + e.getMessage());
            return List.of();
        }
    }

    private static List<Target> simpleModeTargets(WrittenConfiguration written, List<SimpleMode> simpleModes,
                                                  GlobalSettings globals, BackstopConfig.Compression compression,
                                                  List<String> recipients, EngineRegistry engines, List<String> problems) {
        List<Target> result = new ArrayList<>();
        for (SimpleMode mode : simpleModes.stream().sorted(java.util.Comparator.comparing(SimpleMode::enabledBy)).toList()) {
            for (SimpleMode.Defined d : mode.targets()) {
                ConfigKeys keys = simpleKeys(written, d.keys());
                result.add(new Target(d.name(), d.engine(), Map.copyOf(d.connection()), globals.schedule(),
                        globals.retentionDays(), globals.keepMin(), compression, recipients,
                        logCapture(d.name(), d.engine(), d.logCapture(), keys, engines, problems), keys));
            }
        }
        return result;
    }

    /** Simple-mode messages name the environment variable the operator set, e.g. {@code MYSQL_DB}. */
    private static ConfigKeys simpleKeys(WrittenConfiguration written, Map<String, String> engineKeys) {
        Map<String, String> keys = new HashMap<>();
        engineKeys.forEach((setting, key) -> keys.put(setting, written.environmentVariable(key).orElse(key)));
        keys.put("schedule", written.describe(GlobalSettings.SCHEDULE));
        keys.put("retention-days", written.describe(GlobalSettings.RETENTION));
        keys.put("keep-min", written.describe(GlobalSettings.KEEP_MIN));
        return new ConfigKeys("", Map.copyOf(keys));
    }

    private static Target fullModeTarget(String name, TargetProperties p, GlobalSettings globals,
                                         BackstopConfig.Compression compression, List<String> recipients,
                                         EngineRegistry engines, List<String> problems) {
        ConfigKeys keys = ConfigKeys.fullMode(name);
        String engine = p.getEngine();
        if (engine == null || engine.isBlank()) {
            problems.add(keys.of("engine") + ": missing; one of " + engines.names());
        } else if (engines.find(engine).isEmpty()) {
            problems.add(keys.of("engine") + ": unknown engine '" + engine + "'; one of " + engines.names());
        }
        CronSchedule schedule = p.getSchedule() == null ? globals.schedule()
                : GlobalSettings.cron(p.getSchedule(), keys.of("schedule"), globals.zone(), problems);
        Optional<Integer> retention = p.getRetentionDays() == null ? Optional.of(globals.retentionDays())
                : GlobalSettings.number(p.getRetentionDays(), keys.of("retention-days"), Integer::parseInt, problems);
        Optional<Integer> keepMin = p.getKeepMin() == null ? Optional.of(globals.keepMin())
                : GlobalSettings.number(p.getKeepMin(), keys.of("keep-min"), Integer::parseInt, problems);
        retention.ifPresent(days -> GlobalSettings.checkRetention(days, keys.of("retention-days"), problems));
        keepMin.ifPresent(n -> GlobalSettings.checkKeepMin(n, keys.of("keep-min"), problems));
        BackstopConfig.Compression compressed = compression;
        if (p.getCompression() != null && !p.getCompression().isBlank()) {
            compressed = compression(p.getCompression()).orElse(compression);
            if (compression(p.getCompression()).isEmpty()) {
                problems.add(keys.of("compression") + ": gzip or zstd, was '" + p.getCompression() + "'");
            }
        }
        if (engine == null || engines.find(engine).isEmpty() || schedule == null || retention.isEmpty() || keepMin.isEmpty()) {
            return null;
        }
        LogCaptureSettings logCapture = logCapture(name, engine, p.getBinlog(), keys, engines, problems);
        String own = p.getEncryptRecipients();
        List<String> encryptTo = own == null || own.isBlank() ? recipients
                : own.trim().equalsIgnoreCase("none") ? List.of() : EncryptSettings.split(own);
        return new Target(name, engine, Map.copyOf(p.getConnection()), schedule, retention.get(), keepMin.get(), compressed,
                encryptTo, logCapture, keys);
    }

    /** {@code enabled} must be true or false, {@code server-id} a replica id, and the engine must have a log to capture. */
    private static LogCaptureSettings logCapture(String target, String engine, Map<String, String> written, ConfigKeys keys,
                                                 EngineRegistry engines, List<String> problems) {
        String enabled = written.getOrDefault("enabled", "").trim();
        if (enabled.isEmpty() || enabled.equalsIgnoreCase("false")) {
            return LogCaptureSettings.OFF;
        }
        if (!enabled.equalsIgnoreCase("true")) {
            problems.add(keys.of("binlog.enabled") + ": true or false, was '" + enabled + "'");
            return LogCaptureSettings.OFF;
        }
        if (engines.find(engine).flatMap(BackupEngine::transactionLog).isEmpty()) {
            problems.add(keys.of("binlog.enabled") + ": the " + engine + " engine has no transaction log Backstop can capture"
                    + " (only mysql has: its binlog)");
            return LogCaptureSettings.OFF;
        }
        String serverId = written.getOrDefault("server-id", "").trim();
        if (serverId.isEmpty()) {
            return new LogCaptureSettings(true, LogCaptureSettings.defaultServerId(target));
        }
        if (!serverId.matches("[0-9]{1,10}") || Long.parseLong(serverId) < 1 || Long.parseLong(serverId) > 4_294_967_295L) {
            problems.add(keys.of("binlog.server-id") + ": a server id from 1 to 4294967295, was '" + serverId + "'");
            return LogCaptureSettings.OFF;
        }
        return new LogCaptureSettings(true, Long.parseLong(serverId));
    }

    private static Optional<BackstopConfig.Compression> compression(String text) {
        try {
            return Optional.of(BackstopConfig.Compression.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void add(Target t, String origin, Map<String, Target> targets, Map<String, String> origins,
                            List<String> problems) {
        if (!TargetName.isValid(t.name())) {
            problems.add(origin + ": target name '" + t.name() + "' must be " + TargetName.RULE
                    + " (it becomes a directory and file name)");
            return;
        }
        String previous = origins.putIfAbsent(t.name(), origin);
        if (previous != null) {
            problems.add(origin + ": duplicate target name '" + t.name() + "' (also defined by " + previous + ")");
            return;
        }
        targets.put(t.name(), t);
    }
}
