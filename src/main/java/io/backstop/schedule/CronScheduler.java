package io.backstop.schedule;

import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.StoredBackup;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import io.backstop.verify.Level;
import io.backstop.verify.VerificationService;
import jakarta.inject.Named;
import io.backstop.catalog.Pause;
import io.backstop.control.Pauses;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The daemon's clock work: at start-up, catches up on missed runs; then fires each target on its own cron, computed with cron-utils in the configured time zone.
 */
@Singleton
@Requires(notEnv = Environment.CLI)
@Requires(property = "backstop.scheduler.enabled", notEquals = "false")
public class CronScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);

    private final Targets targets;
    private final RunCoordinator coordinator;
    private final LocalBackupStore store;
    private final TaskScheduler scheduler;
    private final VerificationService verifications;
    private final ExecutorService blocking;
    private final Pauses pauses;
    private final Clock clock;

    public CronScheduler(Targets targets, RunCoordinator coordinator, LocalBackupStore store,
                         @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, VerificationService verifications,
                         @Named(TaskExecutors.BLOCKING) ExecutorService blocking, Pauses pauses, Clock clock) {
        this.pauses = pauses;
        this.blocking = blocking;
        this.verifications = verifications;
        this.targets = targets;
        this.coordinator = coordinator;
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Runs after {@code RecoveryAtStart} has cleaned up after killed runs (a StartupEvent comes first). */
    @EventListener
    void onStartup(ServerStartupEvent event) {
        for (Target target : targets.all()) {
            catchUp(target);
            scheduleNext(target, clock.instant());
        }
        scheduleVerification(clock.instant());
    }

    /** The full verification of every target's newest good backup, on {@code BACKUP_VERIFY_SCHEDULE}. */
    private void scheduleVerification(Instant after) {
        Instant next = targets.verifySchedule().nextAfter(after);
        Duration delay = Duration.between(clock.instant(), next);
        scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> {
            // on the blocking pool: a restore can take long, the scheduler's threads fire the backups
            blocking.submit(() -> {
                try {
                    verifications.verifyEach(Level.FULL);
                } catch (RuntimeException e) {
                    LOG.error("scheduled full verification failed to run: {}", FailureCause.describe(e));
                }
            });
            Instant now = clock.instant();
            scheduleVerification(now.isAfter(next) ? now : next);
        });
    }

    private void catchUp(Target target) {
        Optional<Instant> newest;
        try {
            newest = store.newest(target.name()).map(StoredBackup::startedAt);
        } catch (Exception e) {
            newest = Optional.empty();
        }
        if (CatchUp.isDue(newest, target.schedule(), clock.instant())) {
            LOG.info("catch-up: target={} newest backup {} is older than the last scheduled time {}", target.name(),
                    newest.map(Instant::toString).orElse("(none)"), target.schedule().previousBefore(clock.instant()));
            fire(target, Trigger.CATCH_UP);
        }
    }

    private void scheduleNext(Target target, Instant after) {
        Instant next = target.schedule().nextAfter(after);
        Duration delay = Duration.between(clock.instant(), next);
        scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> {
            fire(target, Trigger.SCHEDULE);
            // never earlier than the fire time just served, even if the timer woke a little early
            Instant now = clock.instant();
            scheduleNext(target, now.isAfter(next) ? now : next);
        });
    }

    private void fire(Target target, Trigger trigger) {
        Optional<Pause> paused = pauses.active(target.name());
        if (paused.isPresent()) {
            LOG.atInfo().addKeyValue("event", "backup.skipped").addKeyValue("target", target.name())
                    .log("{} run of {} skipped: {}", trigger.label(), target.name(), Pauses.describe(paused.get()));
            return;
        }
        try {
            coordinator.submit(target, trigger);
        } catch (AlreadyRunningException | CatalogUnavailableException e) {
            LOG.warn("{} run skipped: {}", trigger.label(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} run of {} could not start: {}", trigger.label(), target.name(), FailureCause.describe(e));
        }
    }
}
