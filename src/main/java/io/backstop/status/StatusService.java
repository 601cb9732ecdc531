package io.backstop.status;

import io.backstop.catalog.Catalog;
import io.backstop.config.S3Config;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.schedule.Freshness;
import io.backstop.schedule.FreshnessCheck;
import io.backstop.storage.OffsiteCopies;
import io.backstop.control.Pauses;
import jakarta.inject.Singleton;

import java.util.Optional;

/** Builds the {@link StatusReport} from the targets, the volume, the catalog and the upload queue. */
@Singleton
public class StatusService {
    private final Targets targets;
    private final FreshnessCheck freshness;
    private final Optional<OffsiteCopies> offsite;
    private final S3Config s3;
    private final Catalog catalog;

    private final Pauses pauses;

    public StatusService(Targets targets, FreshnessCheck freshness, Optional<OffsiteCopies> offsite, S3Config s3, Catalog catalog,
                         Pauses pauses) {
        this.pauses = pauses;
        this.catalog = catalog;
        this.targets = targets;
        this.freshness = freshness;
        this.offsite = offsite;
        this.s3 = s3;
    }

    public StatusReport report() {
        var statuses = targets.all().stream().map(this::status).toList();
        return new StatusReport(statuses, offsite.map(o -> {
            OffsiteCopies.Status status = o.status();
            return new StatusReport.Offsite("s3://" + s3.bucket() + "/" + s3.keyPrefix(), status.pending(),
                    status.oldestPendingSince(), s3.pendingMaxAgeDuration().toString(), status.lastError(), status.overdue());
        }).orElse(null));
    }

    private StatusReport.TargetStatus status(Target target) {
        Freshness f = freshness.check(target);
        String verified = catalog.latestVerification(target.name()).map(v -> v.level() + " " + (v.passed() ? "passed" : "FAILED")
                + " at " + v.finishedAt() + " (run " + v.runId() + ", " + v.file() + ")" + (v.passed() ? "" : ": " + v.error()))
                .orElse(null);
        return new StatusReport.TargetStatus(target.name(), target.engine(), target.schedule().toString(), f.nextRun(),
                f.newestBackup(), f.lastRunStatus(), target.retentionDays(), target.keepMin(), f.healthy(), f.reason(), verified,
                pauses.active(target.name()).orElse(null));
    }
}
