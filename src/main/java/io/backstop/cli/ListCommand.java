package io.backstop.cli;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.catalog.UploadStatus;
import io.backstop.config.Targets;
import io.backstop.pipeline.BackupOutcome;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.OffsiteCopies;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code backstop list [TARGET]}: recent runs from the catalog, newest first, and where their files are. */
@Command(name = "list", description = "List recent runs, their backup files and where they are (local, s3, both), newest first.")
public class ListCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET")
    String target;

    @Option(names = {"-n", "--limit"}, defaultValue = "50", description = "how many runs to show (default ${DEFAULT-VALUE})")
    int limit;

    @Inject Catalog catalog;
    @Inject Targets targets;
    @Inject LocalBackupStore store;
    @Inject Optional<OffsiteCopies> offsite;

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
        String format = "%-6s %-16s %-11s %-21s %8s %10s  %-13s %s%n";
        System.out.printf(format, "ID", "TARGET", "STATUS", "STARTED", "TOOK", "SIZE", "LOCATION", "FILE / ERROR");
        for (BackupRun run : runs) {
            boolean succeeded = run.status() == RunStatus.SUCCEEDED && run.file() != null;
            String detail = succeeded ? run.file() : run.error() == null ? "" : run.error();
            System.out.printf(format, run.id(), run.target(), run.status(), RunReport.time(run.startedAt()),
                    RunReport.duration(run), RunReport.size(run.bytes()), succeeded ? location(run) : "", detail);
        }
        offsite.ifPresent(o -> {
            OffsiteCopies.Status status = o.status();
            if (status.pending() > 0) {
                System.out.println();
                System.out.println("pending uploads: " + status.pending() + ", the oldest since "
                        + RunReport.time(status.oldestPendingSince()) + "; last error: " + status.lastError());
            }
        });
        return 0;
    }

    /** local, s3, both, local+pending (upload not done yet) or gone; "mixed" when a run's files differ. */
    private String location(BackupRun run) {
        return Arrays.stream(run.file().split(BackupOutcome.FILE_SEPARATOR)).map(file -> {
            boolean local = Files.isRegularFile(store.targetDir(run.target()).resolve(file));
            UploadStatus remote = offsite.flatMap(o -> o.statusOf(run.target(), file)).orElse(null);
            boolean onS3 = remote == UploadStatus.UPLOADED;
            if (local) {
                return onS3 ? "both" : remote == UploadStatus.PENDING ? "local+pending" : "local";
            }
            return onS3 ? "s3" : "gone";
        }).reduce((a, b) -> a.equals(b) ? a : "mixed").orElse("gone");
    }
}
