package io.backstop.verify;

import io.backstop.Refused;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.catalog.Verification;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.pipeline.BackupOutcome;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.TargetLock;
import io.backstop.config.VerifySettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * {@code backstop verify}: a quick or full check of a run's files, of a target's newest good backup, or of every
 * target's, under the target's run lock (a backup in progress is not read half-written, and retention deletes nothing
 * meanwhile). What cannot run is refused at once (unknown, busy, nothing to check); the checks themselves run now
 * ({@link #run}) or in the background ({@link #start}, followed with {@link #job}).
 */
@Singleton
public class VerificationService {
    private static final Logger LOG = LoggerFactory.getLogger("backstop.verify");
    private static final int JOBS_KEPT = 50;

    private final Targets targets;
    private final Catalog catalog;
    private final LocalBackupStore store;
    private final Verifier verifier;
    private final Optional<RemoteVerifier> remote;
    private final boolean checkRemote;
    private final ExecutorService background;
    private final Clock clock;
    private final Map<String, VerificationJob> jobs = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, VerificationJob> eldest) {
            return size() > JOBS_KEPT;
        }
    });

    public VerificationService(Targets targets, Catalog catalog, LocalBackupStore store, Verifier verifier,
                               Optional<RemoteVerifier> remote, VerifySettings settings,
                               @Named(TaskExecutors.BLOCKING) ExecutorService background, Clock clock) {
        this.remote = remote;
        this.checkRemote = settings.isRemote();
        this.targets = targets;
        this.catalog = catalog;
        this.store = store;
        this.verifier = verifier;
        this.background = background;
        this.clock = clock;
    }

    /**
     * One target's part of a job: a given run (or, with none, the newest good backup when its turn comes), and the lock
     * if it was taken when the job was accepted.
     */
    private record Planned(Target target, @Nullable BackupRun run, @Nullable TargetLock lock) {
    }

    /** Checks now and returns the ended job. */
    public VerificationJob run(@Nullable String what, Level level) throws Refused {
        List<Planned> plan = plan(what);
        return execute(accept(what, level), plan, level);
    }

    /** Accepts the job, or refuses it at once; the checks run in the background. */
    public VerificationJob start(@Nullable String what, Level level) throws Refused {
        List<Planned> plan = plan(what);
        VerificationJob job = accept(what, level);
        try {
            background.submit(() -> execute(job, plan, level));
        } catch (RuntimeException e) {
            plan.forEach(p -> release(p.lock()));
            jobs.remove(job.id());
            throw e;
        }
        return job;
    }

    private VerificationJob accept(@Nullable String what, Level level) {
        VerificationJob job = new VerificationJob(UUID.randomUUID().toString(), what, level.label(), false, clock.instant(), null,
                List.of(), List.of());
        jobs.put(job.id(), job);
        return job;
    }

    /** A job of this process, as far as it has come; the last {@value JOBS_KEPT} are kept. */
    public Optional<VerificationJob> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** The file records of {@link #run}, for callers that only want those. */
    public List<Verification> verify(@Nullable String what, Level level) throws Refused {
        return run(what, level).verifications();
    }

    /** Every target's newest good backup, one target at a time (the schedule); what was skipped is logged. */
    public VerificationJob verifyEach(Level level) {
        try {
            VerificationJob job = run(null, level);
            job.skipped().forEach(reason -> LOG.warn("{} verification skipped: {}", level.label(), reason));
            return job;
        } catch (Refused nothing) {
            LOG.info("{} verification: {}", level.label(), nothing.getMessage());
            return new VerificationJob(UUID.randomUUID().toString(), null, level.label(), true, clock.instant(), clock.instant(),
                    List.of(), List.of(nothing.getMessage()));
        }
    }

    private List<Planned> plan(@Nullable String what) throws Refused {
        if (what == null) {
            List<Planned> plan = new ArrayList<>();
            for (Target target : targets.all()) {
                if (catalog.latestSucceeded(target.name()).isPresent()) {
                    plan.add(new Planned(target, null, null));
                }
            }
            if (plan.isEmpty()) {
                throw new Refused("nothing to verify: no target has a good backup yet", false);
            }
            return plan;
        }
        if (what.matches("[0-9]+")) {
            BackupRun run = catalog.find(Long.parseLong(what)).orElseThrow(() -> new Refused("no run with id " + what, true));
            Target target = targets.find(run.target()).orElseThrow(() -> new Refused("run " + what + " belongs to target '"
                    + run.target() + "', which is not configured", true));
            if (run.status() != RunStatus.SUCCEEDED || run.file() == null) {
                throw new Refused("run " + run.id() + " did not produce a backup (" + run.status() + ")", false);
            }
            return List.of(new Planned(target, run, lock(target)));
        }
        Target target = targets.find(what).orElseThrow(() -> new Refused("unknown target '" + what + "'; configured: "
                + targets.all().stream().map(Target::name).toList(), true));
        TargetLock lock = lock(target);
        Optional<BackupRun> newest = catalog.latestSucceeded(target.name());
        if (newest.isEmpty()) {
            release(lock);
            throw new Refused("target '" + what + "' has no good backup to verify yet", false);
        }
        return List.of(new Planned(target, newest.get(), lock));
    }

    private TargetLock lock(Target target) throws Refused {
        Optional<TargetLock> lock;
        try {
            lock = store.tryLock(target.name());
        } catch (IOException e) {
            throw new Refused("cannot lock target '" + target.name() + "': " + e.getMessage(), false);
        }
        return lock.orElseThrow(() -> new Refused("target '" + target.name()
                + "' is being backed up right now; verify when the run has ended", false));
    }

    private VerificationJob execute(VerificationJob accepted, List<Planned> plan, Level level) {
        List<Verification> results = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            for (Planned planned : plan) {
                TargetLock lock = planned.lock();
                if (lock == null) {
                    try {
                        lock = lock(planned.target());
                    } catch (Refused busy) {
                        skipped.add(busy.getMessage());
                        continue;
                    }
                }
                try (TargetLock held = lock) {
                    BackupRun run = planned.run() != null ? planned.run() : catalog.latestSucceeded(planned.target().name()).orElse(null);
                    if (run == null) {
                        skipped.add("target '" + planned.target().name() + "' has no good backup to verify any more");
                        continue;
                    }
                    for (String file : run.file().split(BackupOutcome.FILE_SEPARATOR)) {
                        results.add(verifier.verify(planned.target(), file, run.id(), level));
                        if (level == Level.FULL && checkRemote) {
                            remote.flatMap(r -> r.verify(planned.target(), file, run.id())).ifPresent(results::add);
                        }
                        jobs.put(accepted.id(), progress(accepted, false, results, skipped));
                    }
                }
            }
        } catch (RuntimeException e) {
            skipped.add("the verification stopped: " + e);
            LOG.error("verification {} stopped", accepted.id(), e);
        } finally {
            plan.forEach(p -> release(p.lock()));
        }
        VerificationJob ended = progress(accepted, true, results, skipped);
        jobs.put(accepted.id(), ended);
        return ended;
    }

    private VerificationJob progress(VerificationJob job, boolean finished, List<Verification> results, List<String> skipped) {
        return new VerificationJob(job.id(), job.what(), job.level(), finished, job.started(), finished ? clock.instant() : null,
                results, skipped);
    }

    /** Closing twice is harmless: a lock already released stays released. */
    private static void release(@Nullable TargetLock lock) {
        if (lock != null) {
            lock.close();
        }
    }
}
