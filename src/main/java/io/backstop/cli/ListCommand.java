package io.backstop.cli;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Targets;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code backstop list [TARGET]}: recent runs from the catalog, newest first. */
@Command(name = "list", description = "List recent runs and their backup files, newest first.")
public class ListCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET")
    String target;

    @Option(names = {"-n", "--limit"}, defaultValue = "50", description = "how many runs to show (default ${DEFAULT-VALUE})")
    int limit;

    @Inject Catalog catalog;
    @Inject Targets targets;

    @Override
    public Integer call() {
        if (target != null && targets.find(target).isEmpty()) {
            System.err.println("unknown target '" + target + "'");
            return 2;
        }
        List<BackupRun> runs = catalog.recent(target, limit);
        if (runs.isEmpty()) {
            System.out.println("no runs recorded yet");
            return 0;
        }
        String format = "%-6s %-16s %-11s %-21s %8s %10s  %s%n";
        System.out.printf(format, "ID", "TARGET", "STATUS", "STARTED", "TOOK", "SIZE", "FILE / ERROR");
        for (BackupRun run : runs) {
            String detail = run.status() == RunStatus.SUCCEEDED ? run.file() : run.error() == null ? "" : run.error();
            System.out.printf(format, run.id(), run.target(), run.status(), RunReport.time(run.startedAt()),
                    RunReport.duration(run), RunReport.size(run.bytes()), detail);
        }
        return 0;
    }
}
