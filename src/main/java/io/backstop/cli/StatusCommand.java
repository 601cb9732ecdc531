package io.backstop.cli;

import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.schedule.Freshness;
import io.backstop.schedule.FreshnessCheck;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code backstop status}: each target's schedule, newest backup and health; exit 1 when any is unhealthy. */
@Command(name = "status", description = "Show each target's schedule, newest backup and health.")
public class StatusCommand implements Callable<Integer> {
    @Inject Targets targets;
    @Inject FreshnessCheck freshness;

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
        return healthy ? 0 : 1;
    }
}
