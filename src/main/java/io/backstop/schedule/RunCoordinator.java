package io.backstop.schedule;

import io.backstop.config.BackstopConfig;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.config.Target;
import io.backstop.engine.ChildProcess;
import io.backstop.run.RunRecovery;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.TargetLock;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The single entry point for starting runs, whatever triggered them. At most one run per target: inside
 * this process by a map of active runs, across processes (daemon and CLI) by a lock file in the target's
 * directory. A trigger for a busy target is refused, never queued behind it.
 */
@Singleton
public class RunCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(RunCoordinator.class);
    private static final Duration ABORT_WAIT = Duration.ofSeconds(15);
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final Map<String, BackupRun> active = new ConcurrentHashMap<>();
    private final Map<String, Future<?>> background = new ConcurrentHashMap<>();
    private final Set<String> unrecorded = ConcurrentHashMap.newKeySet();
    private final BackupRunner runner;
    private final RunRecovery recovery;
    private final Catalog catalog;
    private final LocalBackupStore store;
    private final ExecutorService executor;
    private final Clock clock;
    private final Duration shutdownGrace;

    public RunCoordinator(BackupRunner runner, Catalog catalog, LocalBackupStore store, RunRecovery recovery,
                          @Named(TaskExecutors.BLOCKING) ExecutorService executor, Clock clock,
                          BackstopConfig config) {
        this.shutdownGrace = config.getShutdownGrace();
        this.runner = runner;
        this.recovery = recovery;
        this.catalog = catalog;
        this.store = store;
        this.executor = executor;
        this.clock = clock;
    }

    /** Starts a run in the background and returns its queued record at once. */
    public BackupRun submit(Target target, Trigger trigger) throws AlreadyRunningException, CatalogUnavailableException {
        Claim claim = claim(target, trigger);
        background.put(target.name(), executor.submit(() -> finish(target, claim)));
        return claim.run();
    }

    /** Runs in the calling thread and returns the finished record. */
    public BackupRun runNow(Target target, Trigger trigger) throws AlreadyRunningException, CatalogUnavailableException {
        return finish(target, claim(target, trigger));
    }

    /**
     * On shutdown, lets runs in progress end within the grace period; after it, aborts them: their threads
     * are interrupted and their tools killed, so each removes its partial file and is recorded as
     * interrupted before the catalog closes.
     */
    @PreDestroy
    void stopRuns() throws InterruptedException {
        if (awaitIdle(shutdownGrace)) {
            return;
        }
        LOG.warn("stopping: aborting runs still in progress after {}: {}", shutdownGrace, active.keySet());
        background.values().forEach(run -> run.cancel(true));
        ChildProcess.killAll();
        if (!awaitIdle(ABORT_WAIT)) {
            LOG.error("runs did not stop: {}", active.keySet());
        }
    }

    private boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return active.isEmpty();
    }

    /** Runs made while the catalog could not be written are recorded, from their manifests, by the next one. */
    private void recordEarlierRuns(Target target, BackupRun current) {
        try {
            recovery.recoverLocked(target.name(), current.id());
        } catch (Exception e) {
            unrecorded.add(target.name());
            LOG.warn("catalog: still cannot record earlier runs of {}: {}", target.name(), FailureCause.describe(e));
        }
    }

    /** A run this process may carry out; {@code lockFailure} set when the target directory cannot even be locked. */
    private record Claim(BackupRun run, TargetLock lock, IOException lockFailure, boolean recordEarlierRuns) {
    }

    private synchronized Claim claim(Target target, Trigger trigger) throws AlreadyRunningException, CatalogUnavailableException {
        BackupRun running = active.get(target.name());
        if (running != null) {
            String started = "started " + STARTED.format(running.queuedAt());
            throw new AlreadyRunningException(target.name(), running.id() == null ? started : "run " + running.id() + ", " + started);
        }
        TargetLock lock = null;
        IOException lockFailure = null;
        try {
            lock = store.tryLock(target.name())
                    .orElseThrow(() -> new AlreadyRunningException(target.name(), "in another Backstop process"));
        } catch (IOException e) {
            lockFailure = e;
        }
        BackupRun run = BackupRun.queued(target.name(), target.engine(), trigger.label(), clock.instant());
        boolean earlierUnrecorded = unrecorded.remove(target.name());
        try {
            run = catalog.save(run);
        } catch (Exception e) {
            if (earlierUnrecorded) {
                unrecorded.add(target.name());
            }
            if (trigger == Trigger.API || trigger == Trigger.CLI) {
                if (lock != null) {
                    lock.close();
                }
                throw new CatalogUnavailableException(target.name(), e);
            }
            // a scheduled backup is made all the same; its manifests let the next run record it
            unrecorded.add(target.name());
            LOG.warn("catalog: cannot record the {} run of {}; backing up anyway, recorded from its manifests once the"
                    + " catalog can be written: {}", trigger.label(), target.name(), FailureCause.describe(e));
        }
        active.put(target.name(), run);
        return new Claim(run, lock, lockFailure, earlierUnrecorded && run.id() != null);
    }

    private BackupRun finish(Target target, Claim claim) {
        try (TargetLock ignored = claim.lock()) {
            if (claim.lockFailure() != null) {
                return runner.failBeforeStart(target, claim.run(), new IOException("cannot lock the target directory "
                        + store.targetDir(target.name()) + ": " + claim.lockFailure().getMessage(), claim.lockFailure()));
            }
            if (claim.recordEarlierRuns()) {
                recordEarlierRuns(target, claim.run());
            }
            return runner.execute(target, claim.run());
        } finally {
            background.remove(target.name());
            active.remove(target.name());
        }
    }
}
