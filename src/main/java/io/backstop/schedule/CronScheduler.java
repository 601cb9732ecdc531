package io.backstop.schedule;

import io.backstop.catalog.Catalog;
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
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The daemon's clock work: at start-up, closes runs a previous daemon left open and catches up on missed
 * runs; then fires each target on its own cron, computed with cron-utils in the configured time zone.
 */
@Singleton
@Requires(notEnv = Environment.CLI)
@Requires(property = "backstop.scheduler.enabled", notEquals = "false")
public class CronScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);

    private final Targets targets;
    private final RunCoordinator coordinator;
    private final LocalBackupStore store;
    private final Catalog catalog;
    private final TaskScheduler scheduler;
    private final Clock clock;

    public CronScheduler(Targets targets, RunCoordinator coordinator, LocalBackupStore store, Catalog catalog,
                         @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, Clock clock) {
        this.targets = targets;
        this.coordinator = coordinator;
        this.store = store;
        this.catalog = catalog;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        try {
            int closed = catalog.markInterrupted();
            if (closed > 0) {
                LOG.warn("catalog: marked {} run(s) left open by the previous daemon as interrupted", closed);
            }
        } catch (Exception e) {
            LOG.warn("catalog: could not close runs left open by the previous daemon: {}", e.toString());
        }
        for (Target target : targets.all()) {
            removeLeftovers(target);
            catchUp(target);
            scheduleNext(target, clock.instant());
        }
    }

    private void removeLeftovers(Target target) {
        try {
            var lock = store.tryLock(target.name());
            if (lock.isPresent()) {
                try (var held = lock.get()) {
                    int removed = store.removeLeftovers(target.name());
                    if (removed > 0) {
                        LOG.warn("removed {} partial file(s) of target {} left by a run that was killed", removed, target.name());
                    }
                }
            }
        } catch (Exception e) {
            LOG.warn("could not check target {} for leftovers of killed runs: {}", target.name(), e.toString());
        }
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
        try {
            coordinator.submit(target, trigger);
        } catch (AlreadyRunningException e) {
            LOG.warn("{} run skipped: {}", trigger.label(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} run of {} could not start: {}", trigger.label(), target.name(), FailureCause.describe(e));
        }
    }
}
