package io.backstop.status;

import io.backstop.catalog.Pause;
import io.backstop.pitr.CaptureStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * Every target's schedule, newest backup and health, and the off-site queue: what {@code backstop status} prints,
 * the same whether the daemon or the CLI process made it.
 */
@Serdeable
public record StatusReport(List<TargetStatus> targets, @Nullable Offsite offsite, long volumeFreeBytes, String version) {

    public StatusReport {
        targets = targets == null ? List.of() : targets;
    }

    /**
     * @param healthy          its newest good backup is fresh enough and, when its log is captured, the capture has no problem
     * @param reason           why it is healthy or not, in words (the capture's problem included)
     * @param lastVerification the newest check of one of the target's backups, in words; null before the first
     * @param paused           the target's pause, when its scheduled runs are off
     * @param newestGood        the newest good backup: run, size, where it is
     * @param lastRunError      the cause, when the newest run failed
     * @param stored            what the target has on the volume and on S3 (S3 null without it), and its pinned runs
     * @param logCapture        the capture of its transaction log, when on and the daemon runs it: the recoverable window
     */
    @Serdeable
    public record TargetStatus(String name, String engine, String schedule, @Nullable Instant nextRun,
                               @Nullable Instant newestBackup, @Nullable String lastRunStatus, int retentionDays,
                               int keepMin, boolean healthy, String reason, @Nullable String lastVerification,
                               @Nullable Pause paused, @Nullable NewestGood newestGood, @Nullable String lastRunError,
                               Stored stored, @Nullable CaptureStatus logCapture) {
    }

    /** @param location {@code local}, {@code s3}, {@code both}, … as {@code list} shows it */
    @Serdeable
    public record NewestGood(long runId, Instant finishedAt, long ageSeconds, @Nullable Long bytes, @Nullable String location) {
    }

    @Serdeable
    public record Stored(int localFiles, long localBytes, @Nullable Integer s3Files, @Nullable Long s3Bytes, int pinnedRuns) {
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
