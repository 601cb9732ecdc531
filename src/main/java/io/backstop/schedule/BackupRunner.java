package io.backstop.schedule;

import io.backstop.KillPoint;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.catalog.Verification;
import io.backstop.config.Target;
import io.backstop.engine.EngineRegistry;
import io.backstop.pipeline.BackupOutcome;
import io.backstop.pipeline.BackupPipeline;
import io.backstop.retention.RetentionPolicy;
import io.backstop.run.RunEnded;
import io.backstop.run.RunStarted;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.OffsiteCopies;
import io.backstop.storage.StoredBackup;
import io.backstop.verify.Verifier;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.channels.ClosedByInterruptException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Carries out one claimed run: pipeline, the quick verification of what was written, catalog record, retention, and
 * the run's two log lines.
 * A catalog that cannot be written is logged and never stops the backup itself.
 */
@Singleton
public class BackupRunner {
    private static final Logger LOG = LoggerFactory.getLogger("backstop.run");

    private final BackupPipeline pipeline;
    private final EngineRegistry engines;
    private final Catalog catalog;
    private final LocalBackupStore store;
    private final Optional<OffsiteCopies> offsite;
    private final Verifier verifier;
    private final ApplicationEventPublisher<RunStarted> starts;
    private final ApplicationEventPublisher<RunEnded> ends;
    private final Clock clock;

    public BackupRunner(BackupPipeline pipeline, EngineRegistry engines, Catalog catalog, LocalBackupStore store,
                        Optional<OffsiteCopies> offsite, Verifier verifier, ApplicationEventPublisher<RunStarted> starts,
                        ApplicationEventPublisher<RunEnded> ends, Clock clock) {
        this.starts = starts;
        this.ends = ends;
        this.verifier = verifier;
        this.pipeline = pipeline;
        this.offsite = offsite;
        this.engines = engines;
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    BackupRun execute(Target target, BackupRun queued) {
        BackupRun ended = carryOut(target, queued);
        announce(() -> ends.publishEvent(new RunEnded(ended)));
        return ended;
    }

    private BackupRun carryOut(Target target, BackupRun queued) {
        Instant started = clock.instant();
        BackupRun run = record(queued.running(started));
        LOG.atInfo().addKeyValue("event", "backup.started").addKeyValue("target", target.name()).addKeyValue("run", run.id())
                .log("backup started: target={} run={} engine={} trigger={}", target.name(), run.id(), target.engine(), run.triggeredBy());
        if (run.id() != null) {
            long id = run.id();
            announce(() -> starts.publishEvent(new RunStarted(target.name(), id)));
        }
        try {
            BackupOutcome outcome = pipeline.run(target, engines.require(target.engine()), started, run.id());
            KillPoint.reached("run-complete");
            String unsound = readBack(target, outcome, run.id());
            if (unsound != null) {
                for (BackupOutcome.Item item : outcome.items()) {
                    store.delete(item.backup());
                }
                run = record(run.ended(RunStatus.FAILED, clock.instant(), unsound));
                logFailure(target, run, started);
                return run;
            }
            run = recordSuccess(run.succeeded(outcome.finishedAt(), outcome.rawBytes(), outcome.bytes(), outcome.sha256(),
                    outcome.files()), outcome);
            String copy = copyOffsite(outcome);
            int pruned = prune(target);
            LOG.atInfo().addKeyValue("event", "backup.succeeded").addKeyValue("target", target.name()).addKeyValue("run", run.id())
                    .addKeyValue("duration_seconds", durationSeconds(started)).addKeyValue("bytes", outcome.bytes())
                    .addKeyValue("raw_bytes", outcome.rawBytes())
                    .log("backup succeeded: target={} run={} dir={} files={} bytes={} raw_bytes={} duration={} pruned={} offsite={}",
                            target.name(), run.id(), store.targetDir(target.name()), outcome.files(), outcome.bytes(),
                            outcome.rawBytes(), seconds(started), pruned, copy);
        } catch (InterruptedException | ClosedByInterruptException e) {
            run = record(run.ended(RunStatus.INTERRUPTED, clock.instant(), "interrupted: Backstop was stopped during the run"));
            logInterruption(target, run, started);
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            if (Thread.currentThread().isInterrupted()) {
                // aborted at shutdown: the tool was killed or the file closed under it
                run = record(run.ended(RunStatus.INTERRUPTED, clock.instant(), "interrupted: Backstop was stopped during the run"));
                logInterruption(target, run, started);
                return run;
            }
            run = record(run.ended(RunStatus.FAILED, clock.instant(), FailureCause.describe(e)));
            logFailure(target, run, started);
        }
        return run;
    }

    /** Metrics and notifications hear of the run; whatever goes wrong there never fails the run. */
    private static void announce(Runnable publish) {
        try {
            publish.run();
        } catch (RuntimeException e) {
            LOG.warn("a listener of run events failed: {}", e.toString());
        }
    }

    private void logFailure(Target target, BackupRun run, Instant started) {
        LOG.atError().addKeyValue("event", "backup.failed").addKeyValue("target", target.name()).addKeyValue("run", run.id())
                .addKeyValue("duration_seconds", durationSeconds(started)).addKeyValue("cause", run.error())
                .log("backup failed: target={} run={} duration={} cause={}", target.name(), run.id(), seconds(started), run.error());
    }

    private void logInterruption(Target target, BackupRun run, Instant started) {
        LOG.atWarn().addKeyValue("event", "backup.interrupted").addKeyValue("target", target.name()).addKeyValue("run", run.id())
                .addKeyValue("duration_seconds", durationSeconds(started))
                .log("backup interrupted: target={} run={} duration={}", target.name(), run.id(), seconds(started));
    }

    /**
     * The quick verification of every file just written, read back from the volume while it was written: null when
     * all pass, else the cause. A backup that cannot be read back as written is not a backup.
     */
    private String readBack(Target target, BackupOutcome outcome, Long runId) {
        for (BackupOutcome.Item item : outcome.items()) {
            Verification check = verifier.verdict(target, item.readBack(), item.manifest(), runId);
            if (!check.passed()) {
                return "written, but " + item.manifest().file() + " fails verification when read back from the volume: "
                        + check.error() + "; its files were removed";
            }
        }
        return null;
    }

    /** Records a run that could not begin, with the same log line as any failed run. */
    BackupRun failBeforeStart(Target target, BackupRun queued, Exception cause) {
        Instant now = clock.instant();
        BackupRun run = record(queued.running(now).ended(RunStatus.FAILED, now, FailureCause.describe(cause)));
        logFailure(target, run, now);
        announce(() -> ends.publishEvent(new RunEnded(run)));
        return run;
    }

    /**
     * Queues the run's files for S3 and uploads the queue, oldest first. The local run has succeeded either way:
     * whatever does not reach S3 now stays pending and is retried.
     */
    private String copyOffsite(BackupOutcome outcome) {
        if (offsite.isEmpty()) {
            return "off";
        }
        try {
            offsite.get().enqueue(outcome.items().stream().map(BackupOutcome.Item::backup).toList());
            return offsite.get().uploadPending()
                    .map(status -> status.pending() == 0 ? "uploaded" : status.pending() + "_pending")
                    .orElse("queued_behind_upload_in_progress");
        } catch (Exception e) {
            LOG.warn("offsite copy not queued or not attempted: {}", FailureCause.describe(e));
            return "error";
        }
    }

    private int prune(Target target) {
        try {
            RetentionPolicy policy = new RetentionPolicy(target.retentionDays(), target.keepMin());
            // a file not yet on S3 may be the only copy of that backup: keep it until it is uploaded; pinned runs stay
            java.util.Set<String> pinned = catalog.pinnedFiles(target.name());
            List<StoredBackup> candidates = store.list(target.name()).stream()
                    .filter(b -> offsite.isEmpty() || !offsite.get().mustKeepLocally(b))
                    .filter(b -> !pinned.contains(b.file().getFileName().toString())).toList();
            // a backup whose last verification failed is not good: keep-min does not count it, age alone decides
            Instant now = clock.instant();
            List<StoredBackup> notGood = candidates.stream().filter(b -> failedVerification(target, b)).toList();
            List<StoredBackup> expired = new java.util.ArrayList<>(policy.expired(
                    candidates.stream().filter(b -> !notGood.contains(b)).toList(), now, true));
            notGood.stream().filter(b -> policy.pastRetention(b, now)).forEach(expired::add);
            for (StoredBackup backup : expired) {
                store.delete(backup);
                LOG.atInfo().addKeyValue("event", "retention.deleted").addKeyValue("target", target.name())
                        .log("retention: deleted {} (older than {} days)", backup.file(), target.retentionDays());
                recordDeletion(target, backup);
            }
            return expired.size();
        } catch (Exception e) {
            LOG.warn("retention for target {} failed, nothing more deleted: {}", target.name(), FailureCause.describe(e));
            return 0;
        }
    }

    private void recordDeletion(Target target, StoredBackup backup) {
        try {
            catalog.recordDeletion(target.name(), backup.file().getFileName().toString());
        } catch (Exception e) {
            LOG.warn("catalog: could not record the deletion of {}: {}", backup.file(), e.toString());
        }
    }

    private boolean failedVerification(Target target, StoredBackup backup) {
        return catalog.failedVerification(target.name(), backup.file().getFileName().toString());
    }

    private BackupRun recordSuccess(BackupRun run, BackupOutcome outcome) {
        try {
            return catalog.succeeded(run, outcome.items().stream().map(BackupOutcome.Item::manifest).toList());
        } catch (Exception e) {
            LOG.warn("catalog: could not record run of {} ({}): {}", run.target(), run.status(), e.toString());
            return run;
        }
    }

    private BackupRun record(BackupRun run) {
        try {
            return catalog.save(run);
        } catch (Exception e) {
            LOG.warn("catalog: could not record run of {} ({}): {}", run.target(), run.status(), e.toString());
            return run;
        }
    }

    private double durationSeconds(Instant since) {
        return Duration.between(since, clock.instant()).toMillis() / 1000.0;
    }

    private String seconds(Instant since) {
        Duration d = Duration.between(since, clock.instant());
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
