package io.backstop.status;

import io.backstop.catalog.Pause;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * Every target's schedule, newest backup and health, and the off-site queue: what {@code backstop status} prints,
 * the same whether the daemon or the CLI process made it.
 */
@Serdeable
public record StatusReport(List<TargetStatus> targets, @Nullable Offsite offsite) {

    public StatusReport {
        targets = targets == null ? List.of() : targets;
    }

    /**
     * @param lastVerification the newest check of one of the target's backups, in words; null before the first
     * @param paused           the target's pause, when its scheduled runs are off
     */
    @Serdeable
    public record TargetStatus(String name, String engine, String schedule, @Nullable Instant nextRun,
                               @Nullable Instant newestBackup, @Nullable String lastRunStatus, int retentionDays,
                               int keepMin, boolean healthy, String reason, @Nullable String lastVerification,
                               @Nullable Pause paused) {
    }

    /** @param location {@code s3://bucket/prefix} */
    @Serdeable
    public record Offsite(String location, int pending, @Nullable Instant oldestPendingSince, String pendingMaxAge,
                          @Nullable String lastError, boolean overdue) {
    }

    public boolean healthy() {
        return targets.stream().allMatch(TargetStatus::healthy) && (offsite == null || !offsite.overdue());
    }
}
