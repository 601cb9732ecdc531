package io.backstop.metrics;

import io.backstop.catalog.BackupFile;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.schedule.FreshnessCheck;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import io.backstop.run.RunEnded;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Every target's backup metrics, served at {@code /prometheus}, read from the catalog at scrape time (see
 * {@link CatalogFigures}), so they are right after a restart. A timestamp or age that does not exist yet (no backup
 * so far) is NaN.
 */
@Singleton
@Requires(notEnv = Environment.CLI)
class BackupMetrics implements MeterBinder {
    static final List<RunStatus> ENDED = List.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.INTERRUPTED);

    private final Targets targets;
    private final CatalogFigures figures;
    private final FreshnessCheck freshness;
    private final Clock clock;
    private final List<MultiGauge> sizes = new ArrayList<>();

    BackupMetrics(Targets targets, CatalogFigures figures, FreshnessCheck freshness, Clock clock) {
        this.targets = targets;
        this.figures = figures;
        this.freshness = freshness;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Target target : targets.all()) {
            String name = target.name();
            Tags tags = Tags.of("target", name);
            gauge(registry, "backstop_backup_last_success_timestamp_seconds", "end of the newest successful run", tags,
                    name, f -> epochSeconds(f.lastSuccess()));
            gauge(registry, "backstop_backup_last_run_timestamp_seconds", "end of the newest run, whatever its result", tags,
                    name, f -> epochSeconds(f.lastRunEnded()));
            gauge(registry, "backstop_backup_last_run_success", "1 if the newest run succeeded, 0 if it failed or was interrupted",
                    tags, name, f -> f.lastRunSucceeded() == null ? Double.NaN : f.lastRunSucceeded() ? 1 : 0);
            gauge(registry, "backstop_backup_age_seconds", "age of the newest successful backup", tags, name,
                    f -> f.lastSuccess() == null ? Double.NaN : Duration.between(f.lastSuccess(), clock.instant()).toMillis() / 1000.0);
            Gauge.builder("backstop_backup_max_age_seconds", target, t -> freshness.check(t).maxAgeSeconds())
                    .description("the age past which /health calls the target stale (schedule interval times BACKUP_HEALTH_MAX_AGE_FACTOR)")
                    .tags(tags).register(registry);
            gauge(registry, "backstop_backup_duration_seconds", "duration of the newest run", tags, name,
                    f -> f.lastRunSeconds() == null ? Double.NaN : f.lastRunSeconds());
            for (RunStatus status : ENDED) {
                FunctionCounter.builder("backstop_backup_runs", figures, c -> c.of(name).runs().getOrDefault(status, 0L))
                        .description("runs recorded in the catalog, by result").tags(tags.and("status", status.name().toLowerCase(Locale.ROOT)))
                        .register(registry);
            }
            FunctionCounter.builder("backstop_retention_deleted", figures, c -> c.of(name).deleted())
                    .description("backup files retention deleted from the volume").tags(tags).register(registry);
            gauge(registry, "backstop_upload_pending", "files waiting for their S3 copy", tags, name, f -> f.uploadsPending());
            gauge(registry, "backstop_upload_oldest_pending_age_seconds", "how long the oldest waiting file has waited (0: none)",
                    tags, name, f -> f.oldestPendingUpload() == null ? 0
                            : Duration.between(f.oldestPendingUpload(), clock.instant()).toMillis() / 1000.0);
            for (String level : CatalogFigures.VERIFICATION_LEVELS) {
                gauge(registry, "backstop_verify_last_success_timestamp_seconds", "end of the newest verification that passed",
                        tags.and("level", level), name, f -> epochSeconds(f.lastPassedVerification().get(level)));
            }
        }
        sizes.add(MultiGauge.builder("backstop_backup_size_bytes").description("compressed size of the newest good backup, per file")
                .register(registry));
        sizes.add(MultiGauge.builder("backstop_backup_raw_size_bytes").description("uncompressed size of the newest good backup, per file")
                .register(registry));
        sizes.add(MultiGauge.builder("backstop_backup_size_change_ratio")
                .description("compressed size of the newest good backup over the one before it, per file (0.4: 60 % smaller)")
                .register(registry));
        // not read here: the catalog's connection pool registers its own metrics, and the registry is being built
    }

    /** The per-file sizes change with the parts a run wrote, so they are registered anew from the catalog. */
    @Scheduled(fixedDelay = "15s", initialDelay = "1s")
    void refreshSizes() {
        if (sizes.size() < 3) {
            return;
        }
        List<MultiGauge.Row<?>> compressed = new ArrayList<>();
        List<MultiGauge.Row<?>> raw = new ArrayList<>();
        List<MultiGauge.Row<?>> change = new ArrayList<>();
        for (Target target : targets.all()) {
            TargetFigures f = figures.of(target.name());
            for (BackupFile file : f.lastGoodFiles()) {
                Tags tags = Tags.of("target", target.name(), "part", file.part());
                compressed.add(MultiGauge.Row.of(tags, file.bytes()));
                raw.add(MultiGauge.Row.of(tags, file.rawBytes()));
                f.previousGoodFiles().stream().filter(p -> p.part().equals(file.part()) && p.bytes() > 0).findFirst()
                        .ifPresent(before -> change.add(MultiGauge.Row.of(tags, (double) file.bytes() / before.bytes())));
            }
        }
        sizes.get(0).register(compressed, true);
        sizes.get(1).register(raw, true);
        sizes.get(2).register(change, true);
    }

    /** A run that has just ended shows at the next scrape, sizes included. */
    @EventListener
    void onEnded(RunEnded ended) {
        figures.invalidate(ended.run().target());
        refreshSizes();
    }

    private void gauge(MeterRegistry registry, String metric, String description, Tags tags, String target,
                       ToDoubleFunction<TargetFigures> value) {
        Gauge.builder(metric, figures, c -> value.applyAsDouble(c.of(target))).description(description).tags(tags).register(registry);
    }

    private static double epochSeconds(Instant at) {
        return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
    }
}
