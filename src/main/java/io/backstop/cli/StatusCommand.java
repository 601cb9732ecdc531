package io.backstop.cli;

import io.backstop.config.S3Config;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.schedule.Freshness;
import io.backstop.schedule.FreshnessCheck;
import io.backstop.storage.OffsiteCopies;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code backstop status}: each target's schedule, newest backup and health, and the S3 upload queue;
 * exit 1 when any is unhealthy.
 */
@Command(name = "status", description = "Show each target's schedule, newest backup and health, and pending S3 uploads.")
public class StatusCommand implements Callable<Integer> {
    @Inject Targets targets;
    @Inject FreshnessCheck freshness;
    @Inject Optional<OffsiteCopies> offsite;
    @Inject S3Config s3;

    @Override
    public Integer call() {
        boolean healthy = true;
        for (Target target : targets.all()) {
            Freshness f = freshness.check(target);
            healthy &= f.healthy();
            System.out.printf("%s (%s) %s%n", target.name(), target.engine(), f.healthy() ? "OK" : "UNHEALTHY");
            System.out.printf("  schedule:      %s, next run %s%n", target.schedule(), RunReport.time(f.nextRun()));
            System.out.printf("  newest backup: %s%n", RunReport.time(f.newestBackup()));
            System.out.printf("  last run:      %s%n", f.lastRunStatus() == null ? "-" : f.lastRunStatus());
            System.out.printf("  retention:     %d days, keep at least %d%n", target.retentionDays(), target.keepMin());
            System.out.printf("  health:        %s%n", f.reason());
        }
        if (offsite.isPresent()) {
            OffsiteCopies.Status status = offsite.get().status();
            healthy &= !status.overdue();
            System.out.printf("offsite (s3://%s/%s) %s%n", s3.bucket(), s3.keyPrefix(), status.overdue() ? "UNHEALTHY" : "OK");
            System.out.printf("  pending:       %d upload(s)%s%n", status.pending(), status.pending() == 0 ? ""
                    : ", the oldest since " + RunReport.time(status.oldestPendingSince()) + " (limit " + s3.pendingMaxAgeDuration() + ")");
            if (status.lastError() != null) {
                System.out.printf("  last error:    %s%n", status.lastError());
            }
        }
        return healthy ? 0 : 1;
    }
}
