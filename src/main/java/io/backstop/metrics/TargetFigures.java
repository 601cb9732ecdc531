package io.backstop.metrics;

import io.backstop.catalog.BackupFile;
import io.backstop.catalog.RunStatus;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the catalog says about one target at one moment, for the metrics: read together so that one scrape is
 * consistent, and from the catalog so that the values are right after a restart.
 */
record TargetFigures(
        @Nullable Instant lastSuccess,
        @Nullable Instant lastRunEnded,
        @Nullable Boolean lastRunSucceeded,
        @Nullable Double lastRunSeconds,
        List<BackupFile> lastGoodFiles,
        List<BackupFile> previousGoodFiles,
        Map<RunStatus, Long> runs,
        long deleted,
        long uploadsPending,
        @Nullable Instant oldestPendingUpload,
        Map<String, Instant> lastPassedVerification) {

    static TargetFigures none() {
        return new TargetFigures(null, null, null, null, List.of(), List.of(), Map.of(), 0, 0, null, Map.of());
    }
}
