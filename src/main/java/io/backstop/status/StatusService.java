package io.backstop.status;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.config.S3Config;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.control.Pauses;
import io.backstop.pipeline.Version;
import io.backstop.pitr.CaptureStatus;
import io.backstop.pitr.LogCaptures;
import io.backstop.schedule.Freshness;
import io.backstop.schedule.FreshnessCheck;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.OffsiteCopies;
import io.backstop.storage.RemoteBackup;
import io.backstop.storage.StoredBackup;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Builds the {@link StatusReport} from the targets, the volume, the catalog, the bucket and the upload queue. */
@Singleton
public class StatusService {
    private final Targets targets;
    private final FreshnessCheck freshness;
    private final Optional<OffsiteCopies> offsite;
    private final S3Config s3;
    private final Catalog catalog;
    private final Pauses pauses;
    private final LocalBackupStore store;
    private final RunListing listing;
    private final Clock clock;
    private final Optional<LogCaptures> captures;

    public StatusService(Targets targets, FreshnessCheck freshness, Optional<OffsiteCopies> offsite, S3Config s3, Catalog catalog,
                         Pauses pauses, LocalBackupStore store, RunListing listing, Clock clock, Optional<LogCaptures> captures) {
        this.captures = captures;
        this.pauses = pauses;
        this.catalog = catalog;
        this.targets = targets;
        this.freshness = freshness;
        this.offsite = offsite;
        this.s3 = s3;
        this.store = store;
        this.listing = listing;
        this.clock = clock;
    }

    public StatusReport report() {
        var statuses = targets.all().stream().map(this::status).toList();
        return new StatusReport(statuses, offsite().orElse(null), freeSpace(), Version.current());
    }

    /** The upload queue alone (a catalog query): what {@code list} adds below the runs. Empty when S3 is off. */
    public Optional<StatusReport.Offsite> offsite() {
        return offsite.map(o -> {
            OffsiteCopies.Status status = o.status();
            return new StatusReport.Offsite("s3://" + s3.bucket() + "/" + s3.keyPrefix(), status.pending(),
                    status.oldestPendingSince(), s3.pendingMaxAgeDuration().toString(), status.lastError(), status.overdue());
        });
    }

    private StatusReport.TargetStatus status(Target target) {
        Freshness f = freshness.check(target);
        String verified = catalog.latestVerification(target.name()).map(v -> v.level() + " " + (v.passed() ? "passed" : "FAILED")
                + " at " + v.finishedAt() + " (run " + v.runId() + ", " + v.file() + ")" + (v.passed() ? "" : ": " + v.error()))
                .orElse(null);
        StatusReport.NewestGood newestGood = catalog.latestSucceeded(target.name()).map(run -> new StatusReport.NewestGood(
                run.id(), run.finishedAt(), Duration.between(run.finishedAt(), clock.instant()).toSeconds(), run.bytes(),
                listing.location(run))).orElse(null);
        String lastError = catalog.latestEnded(target.name()).filter(r -> r.status() == RunStatus.FAILED).map(BackupRun::error)
                .orElse(null);
        CaptureStatus capture = captures.flatMap(c -> c.status(target.name())).orElse(null);
        String captureProblem = capture == null ? null : capture.problem();
        String reason = captureProblem == null ? f.reason() : f.healthy() ? captureProblem : f.reason() + "; " + captureProblem;
        return new StatusReport.TargetStatus(target.name(), target.engine(), target.schedule().toString(), f.nextRun(),
                f.newestBackup(), f.lastRunStatus(), target.retentionDays(), target.keepMin(), f.healthy() && captureProblem == null,
                reason, verified, pauses.active(target.name()).orElse(null), newestGood, lastError, stored(target), capture);
    }

    private StatusReport.Stored stored(Target target) {
        List<StoredBackup> local;
        try {
            local = store.list(target.name());
        } catch (IOException e) {
            local = List.of();
        }
        long localBytes = local.stream().mapToLong(b -> {
            try {
                return Files.size(b.file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).sum();
        Optional<List<RemoteBackup>> remote = offsite.map(o -> o.remoteCopies(target.name()));
        return new StatusReport.Stored(local.size(), localBytes, remote.map(List::size).orElse(null),
                remote.map(r -> r.stream().mapToLong(RemoteBackup::size).sum()).orElse(null), catalog.pinnedRuns(target.name()));
    }

    private long freeSpace() {
        try {
            return Files.getFileStore(store.root()).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
