package io.backstop.pitr;

import io.backstop.catalog.LogPieceRepository;
import io.backstop.config.BackstopConfig;
import io.backstop.config.LogCaptureLimits;
import io.backstop.crypt.Age;
import io.backstop.storage.s3.S3BackupStore;
import io.micronaut.json.JsonMapper;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.engine.EngineRegistry;
import io.backstop.engine.TransactionLog;
import io.backstop.schedule.AlreadyRunningException;
import io.backstop.schedule.CatalogUnavailableException;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.LogPosition;
import io.backstop.storage.Manifest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Supervises one capture per target whose transaction log is captured ({@code BINLOG_CAPTURE}): starts the engine's
 * capture tool into {@code BACKUP_DIR/<target>/binlog/}, restarts it with backoff when it dies or the server goes away,
 * watches how far behind it is, asks for a full backup when the chain has none to start from (first start, or a gap:
 * the server purged what was never captured), and deletes captured files older than the oldest full backup kept.
 */
@Singleton
@Requires(notEnv = Environment.CLI)
public class LogCaptures {
    private static final Logger LOG = LoggerFactory.getLogger(LogCaptures.class);
    static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration BACKOFF_FIRST = Duration.ofSeconds(1);
    private static final Duration BACKOFF_MAX = Duration.ofMinutes(1);
    private static final Duration WINDOW_EVERY = Duration.ofSeconds(5);
    /** A tool that stopped after running (the server restarted) is a problem only when it is not back within this. */
    private static final Duration RESTART_GRACE = Duration.ofSeconds(30);
    /** How long a full backup the chain asked for gets before it is asked for again (it may have failed). */
    private static final Duration FULL_BACKUP_RETRY = Duration.ofMinutes(5);

    private final Targets targets;
    private final EngineRegistry engines;
    private final LocalBackupStore store;
    /** Looked up when first needed: the coordinator's own dependencies reach the metrics, which read this bean. */
    private final Provider<RunCoordinator> runs;
    private final Clock clock;
    private final Duration maxLag;
    private final Duration shipInterval;
    private final BackstopConfig config;
    private final Age age;
    private final Optional<S3BackupStore> s3;
    private final JsonMapper json;
    private final LogPieceRepository pieces;
    private final Map<String, Supervised> supervised = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public LogCaptures(Targets targets, EngineRegistry engines, LocalBackupStore store, Provider<RunCoordinator> runs, Clock clock,
                       LogCaptureLimits limits, BackstopConfig config, Age age, Optional<S3BackupStore> s3, JsonMapper json,
                       LogPieceRepository pieces) {
        this.config = config;
        this.pieces = pieces;
        this.age = age;
        this.s3 = s3;
        this.json = json;
        this.shipInterval = limits.getShipInterval();
        this.targets = targets;
        this.engines = engines;
        this.store = store;
        this.runs = runs;
        this.clock = clock;
        this.maxLag = limits.getMaxLag();
    }

    /** The targets whose log is captured, with their engine's log. */
    public List<Target> captured() {
        return targets.all().stream().filter(t -> t.logCapture().enabled()).toList();
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        for (Target target : captured()) {
            TransactionLog log = engines.require(target.engine()).transactionLog().orElseThrow();
            Supervised one = new Supervised(target, log, store.targetDir(target.name()).resolve(log.name()));
            supervised.put(target.name(), one);
            Thread thread = new Thread(one::superviseUntilStopped, "capture-" + log.name() + "-" + target.name());
            thread.setDaemon(true);
            one.thread = thread;
            thread.start();
        }
    }

    /** The capture of {@code target}, or empty when its log is not captured. */
    public Optional<CaptureStatus> status(String target) {
        return Optional.ofNullable(supervised.get(target)).map(Supervised::status);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        for (Supervised one : supervised.values()) {
            if (one.thread != null) {
                one.thread.interrupt();
                one.thread.join(Duration.ofSeconds(30).toMillis());
            }
        }
    }

    /** The recoverable window as last worked out, or why there is none. */
    private record Window(Instant from, Instant to, String problem) {
    }

    /** One target's capture and what is known about it. */
    private final class Supervised {
        final Target target;
        final TransactionLog log;
        final Path dir;
        volatile Thread thread;
        volatile boolean capturing;
        volatile Instant caughtUpAt;
        /** When the copy last held everything the server had logged; null until that was seen. */
        Instant heldEverythingAt;
        volatile String toolProblem;
        /** Since when the tool, after it had run, has not been running; null while it runs or before it first ran. */
        volatile Instant stoppedSince;
        volatile String gap;
        volatile Instant gapAt;
        volatile Window window;
        final LogShipper shipper;
        Instant windowAt = Instant.EPOCH;
        Instant shippedAt = Instant.EPOCH;
        Instant fullBackupAskedAt = Instant.EPOCH;
        boolean warned;

        Supervised(Target target, TransactionLog log, Path dir) {
            this.target = target;
            this.log = log;
            this.dir = dir;
            this.caughtUpAt = clock.instant();
            this.window = new Window(null, null, "the capture is starting");
            this.shipper = new LogShipper(target, log, dir, config, age, s3, pieces, json, clock);
        }

        CaptureStatus status() {
            Window w = window;
            long lag = Math.max(0, Duration.between(caughtUpAt, clock.instant()).toSeconds());
            boolean toolDown = toolProblem != null && !capturing
                    && (stoppedSince == null || Duration.between(stoppedSince, clock.instant()).compareTo(RESTART_GRACE) > 0);
            String problem = gap != null ? gap : toolDown ? toolProblem : w.problem();
            if (problem == null && lag > maxLag.toSeconds()) {
                problem = target.name() + ": the captured " + log.name() + " has been behind the server's for " + lag
                        + " s, longer than BINLOG_MAX_LAG (" + maxLag.toSeconds() + " s)";
            }
            Instant pending = shipper.oldestPending();
            if (problem == null && pending != null && Duration.between(pending, clock.instant()).compareTo(maxLag) > 0) {
                problem = target.name() + ": shipped " + log.name() + " pieces have waited for S3 longer than BINLOG_MAX_LAG; "
                        + shipper.uploadError();
            }
            LogShipper.Counts counts = shipper.counts();
            return new CaptureStatus(log.name(), capturing, w.from(), w.to(), lag, shipper.shippedTo(), shipper.uploadedTo(),
                    counts.onVolume(), counts.onS3(), counts.pending(), problem);
        }

        void superviseUntilStopped() {
            Duration backoff = BACKOFF_FIRST;
            while (!stopping) {
                Instant started = clock.instant();
                try {
                    captureOnce();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    toolProblem = target.name() + ": " + log.name() + " capture failed: " + e.getMessage();
                    LOG.error("{}; retrying in {} s", toolProblem, backoff.toSeconds());
                }
                capturing = false;
                if (Duration.between(started, clock.instant()).compareTo(BACKOFF_MAX) > 0) {
                    backoff = BACKOFF_FIRST;
                }
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff.multipliedBy(2);
            }
        }

        private void captureOnce() throws Exception {
            List<String> warnings = log.check(target);
            if (!warned) {
                warnings.forEach(w -> LOG.warn("{}: {}", target.name(), w));
                warned = true;
            }
            TransactionLog.Start start = log.plan(target, dir);
            if (start.gap() != null) {
                gap = target.name() + ": " + start.gap();
                gapAt = clock.instant();
                LOG.error("{}; a full backup is started", gap);
            }
            if (start.numberingNew()) {
                shipper.setAside();
            }
            try (TransactionLog.Capturing capture = log.start(target, dir, start.file())) {
                LOG.info("{}: capturing the {} from {} into {}", target.name(), log.name(), start.file(), dir);
                capturing = true;
                toolProblem = null;
                stoppedSince = null;
                while (capture.alive()) {
                    Thread.sleep(POLL.toMillis());
                    watch();
                }
                capturing = false;
                stoppedSince = clock.instant();
                toolProblem = target.name() + ": " + capture.exitReason();
                LOG.warn("{}; restarting it", toolProblem);
            }
        }

        /** Every WINDOW_EVERY: lag, shipping, the recoverable window, a full backup when the chain has none, pruning. */
        private void watch() {
            if (Duration.between(windowAt, clock.instant()).compareTo(WINDOW_EVERY) < 0) {
                return;
            }
            windowAt = clock.instant();
            try {
                Instant asked = clock.instant(); // what the server had logged by now is in the copy
                if (log.caughtUp(target, dir)) {
                    caughtUpAt = asked;
                    heldEverythingAt = asked;
                }
            } catch (Exception serverAway) {
                // the lag grows; the tool notices the server too
            }
            try {
                boolean intervalDue = Duration.between(shippedAt, clock.instant()).compareTo(shipInterval) >= 0;
                shipper.ship(intervalDue);
                if (intervalDue) {
                    shippedAt = clock.instant();
                    shipper.pruneRemote();
                }
            } catch (Exception e) {
                LOG.warn("{}: shipping the captured {} failed: {}", target.name(), log.name(), e.getMessage());
            }
            try {
                List<LogPosition> positions = positions();
                List<LogPosition> usable = new java.util.ArrayList<>();
                for (LogPosition position : positions) {
                    if (log.chainBreak(dir, position, null).isEmpty()) {
                        usable.add(position);
                    }
                }
                if (gap != null && usable.stream().anyMatch(p -> p.consistentAt().isAfter(gapAt))) {
                    LOG.info("{}: a full backup after the {} gap exists; point-in-time restore works again", target.name(), log.name());
                    gap = null;
                }
                Instant newest = recoverableTo(log.newestEvent(dir).orElse(null));
                if (usable.isEmpty()) {
                    window = new Window(null, null, target.name() + ": no full"
                            + " backup on the volume that the captured " + log.name() + " carries forward yet; one is started");
                    startFullBackup();
                } else {
                    window = new Window(usable.get(0).consistentAt(), newest, null);
                    List<String> pruned = log.prune(dir, oldestCaptured(positions).orElse(usable.get(0)));
                    if (!pruned.isEmpty()) {
                        LOG.info("{}: deleted the captured {} files {}, older than the oldest full backup kept", target.name(),
                                log.name(), pruned);
                    }
                }
                if (gap != null) {
                    startFullBackup();
                }
            } catch (Exception e) {
                LOG.warn("{}: cannot work out the recoverable window: {}", target.name(), e.getMessage());
            }
        }

        /**
         * The newest second a restore reaches: the newest captured event, or, when the copy held everything the server had
         * logged at a later second (a quiet server), that second.
         */
        private Instant recoverableTo(Instant newestEvent) {
            if (heldEverythingAt == null) {
                return newestEvent;
            }
            Instant held = heldEverythingAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            return newestEvent == null || held.isAfter(newestEvent) ? held : newestEvent;
        }

        /** The log positions of the full backups on the volume, oldest first. */
        private List<LogPosition> positions() throws Exception {
            List<LogPosition> positions = new java.util.ArrayList<>();
            for (Manifest manifest : store.contents(target.name()).manifests().values()) {
                if (manifest.logPosition() != null) {
                    positions.add(manifest.logPosition());
                }
            }
            positions.sort(Comparator.comparing(LogPosition::consistentAt));
            return positions;
        }

        /**
         * The oldest position whose file the capture still holds: retention keeps everything from there, so a backup made
         * before a gap can still be brought to a second before the gap. (A backup from before a reset of the numbering
         * names a file that was moved aside, and is passed over.)
         */
        private Optional<LogPosition> oldestCaptured(List<LogPosition> positions) throws java.io.IOException {
            List<String> captured = log.files(dir).stream().map(TransactionLog.LogFile::name).toList();
            return positions.stream().filter(p -> captured.contains(p.file())).findFirst();
        }

        private void startFullBackup() {
            if (Duration.between(fullBackupAskedAt, clock.instant()).compareTo(FULL_BACKUP_RETRY) < 0) {
                return;
            }
            try {
                runs.get().submit(target, Trigger.LOG_CHAIN);
                fullBackupAskedAt = clock.instant();
            } catch (AlreadyRunningException running) {
                // the run in progress records a position too
            } catch (CatalogUnavailableException e) {
                LOG.warn("{}: cannot start the full backup the {} chain needs: {}", target.name(), log.name(), e.getMessage());
            }
        }
    }
}
