package io.backstop.cli;

import io.backstop.status.StatusReport;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code backstop status}: each target's schedule, newest backup and health, and the S3 upload queue;
 * exit 1 when any is unhealthy.
 */
@Command(name = "status", description = "Show each target's schedule, newest backup and health, and pending S3 uploads.")
public class StatusCommand implements Callable<Integer> {
    @Inject BackstopChoice backstop;

    @Override
    public Integer call() throws CliFailure {
        StatusReport report = backstop.get().status();
        if (report.targets().isEmpty()) {
            throw new CliFailure("no targets are configured", CliFailure.BAD_REQUEST);
        }
        for (StatusReport.TargetStatus t : report.targets()) {
            System.out.printf("%s (%s) %s%n", t.name(), t.engine(), t.healthy() ? "OK" : "UNHEALTHY");
            System.out.printf("  schedule:      %s, next run %s%n", t.schedule(), RunReport.time(t.nextRun()));
            System.out.printf("  newest backup: %s%n", RunReport.time(t.newestBackup()));
            System.out.printf("  last run:      %s%n", t.lastRunStatus() == null ? "-" : t.lastRunStatus());
            System.out.printf("  retention:     %d days, keep at least %d%n", t.retentionDays(), t.keepMin());
            System.out.printf("  health:        %s%n", t.reason());
            System.out.printf("  verified:      %s%n", t.lastVerification() == null ? "-" : t.lastVerification());
        }
        StatusReport.Offsite offsite = report.offsite();
        if (offsite != null) {
            System.out.printf("offsite (%s) %s%n", offsite.location(), offsite.overdue() ? "UNHEALTHY" : "OK");
            System.out.printf("  pending:       %d upload(s)%s%n", offsite.pending(), offsite.pending() == 0 ? ""
                    : ", the oldest since " + RunReport.time(offsite.oldestPendingSince()) + " (limit " + offsite.pendingMaxAge() + ")");
            if (offsite.lastError() != null) {
                System.out.printf("  last error:    %s%n", offsite.lastError());
            }
        }
        return report.healthy() ? 0 : 1;
    }
}
