package io.backstop.schedule;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.config.Target;
import io.backstop.engine.ChildProcess;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.TargetLock;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
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

    private final Map<String, BackupRun> active = new ConcurrentHashMap<>();
    private final Map<String, Future<?>> background = new ConcurrentHashMap<>();
    private final BackupRunner runner;
    private final Catalog catalog;
    private final LocalBackupStore store;
    private final ExecutorService executor;
    private final Clock clock;
    private final Duration shutdownGrace;

    public RunCoordinator(BackupRunner runner, Catalog catalog, LocalBackupStore store,
                          @Named(TaskExecutors.BLOCKING) ExecutorService executor, Clock clock,
                          @Value("${backstop.shutdown-grace:60s}") Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
        this.runner = runner;
        this.catalog = catalog;
        this.store = store;
        this.executor = executor;
        this.clock = clock;
    }

    /** Starts a run in the background and returns its queued record at once. */
    public BackupRun submit(Target target, Trigger trigger) throws AlreadyRunningException {
        Claim claim = claim(target, trigger);
        background.put(target.name(), executor.submit(() -> finish(target, claim)));
        return claim.run();
    }

    /** Runs in the calling thread and returns the finished record. */
    public BackupRun runNow(Target target, Trigger trigger) throws AlreadyRunningException {
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

    /** A run this process may carry out; {@code lockFailure} set when the target directory cannot even be locked. */
    private record Claim(BackupRun run, TargetLock lock, IOException lockFailure) {
    }

    private synchronized Claim claim(Target target, Trigger trigger) throws AlreadyRunningException {
        BackupRun running = active.get(target.name());
        if (running != null) {
            throw new AlreadyRunningException(target.name(), running.id() == null ? "started " + running.queuedAt()
                    : "run " + running.id());
        }
        TargetLock lock = null;
        IOException lockFailure = null;
        try {
            lock = store.tryLock(target.name())
                    .orElseThrow(() -> new AlreadyRunningException(target.name(), "held by another Backstop process"));
        } catch (IOException e) {
            lockFailure = e;
        }
        BackupRun run = BackupRun.queued(target.name(), target.engine(), trigger.label(), clock.instant());
        try {
            run = catalog.save(run);
        } catch (Exception e) {
            LOG.warn("catalog: could not record the start of a run of {}: {}", target.name(), e.toString());
        }
        active.put(target.name(), run);
        return new Claim(run, lock, lockFailure);
    }

    private BackupRun finish(Target target, Claim claim) {
        try (TargetLock ignored = claim.lock()) {
            if (claim.lockFailure() != null) {
                return runner.failBeforeStart(target, claim.run(), new IOException("cannot lock the target directory "
                        + store.targetDir(target.name()) + ": " + claim.lockFailure().getMessage(), claim.lockFailure()));
            }
            return runner.execute(target, claim.run());
        } finally {
            background.remove(target.name());
            active.remove(target.name());
        }
    }
}
