package io.backstop.cli;

import io.backstop.status.StatusReport;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code backstop status}: each target's schedule, newest backup and health, and the S3 upload queue;
 * exit 1 when any is unhealthy.
 */
@Command(name = "status", description = "Show each target's schedule, newest backup and health, and pending S3 uploads.")
public class StatusCommand implements Callable<Integer> {
    @Option(names = "--json", description = "the report as JSON, the same as GET /api/status (for scripts)")
    boolean json;

    @Inject Reading reading;

    @Override
    public Integer call() throws CliFailure, java.io.IOException {
        StatusReport report = reading.source().status();
        if (report.targets().isEmpty()) {
            throw new CliFailure("no targets are configured", CliFailure.BAD_REQUEST);
        }
        if (json) {
            System.out.println(reading.json(report));
            return report.healthy() ? 0 : 1;
        }
        for (StatusReport.TargetStatus t : report.targets()) {
            System.out.printf("%s (%s) %s%n", t.name(), t.engine(), t.healthy() ? "OK" : "UNHEALTHY");
            System.out.printf("  schedule:      %s, next run %s%n", t.schedule(), RunReport.time(t.nextRun()));
            if (t.paused() != null) {
                System.out.printf("  PAUSED:        %s%n", io.backstop.control.Pauses.describe(t.paused()));
            }
            StatusReport.NewestGood good = t.newestGood();
            System.out.printf("  newest backup: %s%n", good == null ? "-" : "run " + good.runId() + ", " + RunReport.time(good.finishedAt())
                    + ", " + RunReport.size(good.bytes()) + ", " + good.location());
            System.out.printf("  last run:      %s%n", t.lastRunStatus() == null ? "-" : t.lastRunStatus()
                    + (t.lastRunError() == null ? "" : ": " + t.lastRunError()));
            StatusReport.Stored stored = t.stored();
            System.out.printf("  stored:        %d file(s), %s on the volume%s; %d pinned run(s)%n", stored.localFiles(),
                    RunReport.size(stored.localBytes()), stored.s3Files() == null ? ""
                            : "; " + stored.s3Files() + " file(s), " + RunReport.size(stored.s3Bytes()) + " on S3", stored.pinnedRuns());
            System.out.printf("  retention:     %d days, keep at least %d%n", t.retentionDays(), t.keepMin());
            System.out.printf("  health:        %s%n", t.reason());
            System.out.printf("  verified:      %s%n", t.lastVerification() == null ? "-" : t.lastVerification());
            if (t.logCapture() != null) {
                System.out.printf("  %-14s %s; %s%n", t.logCapture().log() + ":", CaptureReport.window(t.logCapture()),
                        CaptureReport.state(t.logCapture()));
            }
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
        System.out.printf("volume: %s free; Backstop %s%n", RunReport.size(report.volumeFreeBytes()), report.version());
        return report.healthy() ? 0 : 1;
    }
}
