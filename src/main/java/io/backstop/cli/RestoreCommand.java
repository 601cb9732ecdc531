package io.backstop.cli;

import io.backstop.restore.RestoreException;
import io.backstop.restore.RestoreService;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code backstop restore <run-id|file> [--target T] [--to DEST] [--force]}. */
@Command(name = "restore", description = "Restore a backup, by run id (see 'list') or file path.")
public class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID|FILE")
    String backup;

    @Option(names = "--target", description = "the target the backup belongs to (default: from the run or its manifest)")
    String target;

    @Option(names = {"--to", "--database"}, paramLabel = "DEST",
            description = "restore somewhere else instead of over the original (SQLite: a file path; MySQL: a database name)")
    String destination;

    @Option(names = "--force", description = "overwrite a destination that already holds data")
    boolean force;

    @Option(names = "--no-verify", description = "restore a file that has neither a manifest nor a catalog record to check it against")
    boolean noVerify;

    @Inject RestoreService restores;

    @Override
    public Integer call() {
        try {
            for (RestoreService.Restored done : restores.restoreAll(backup, target, destination, force, noVerify)) {
                System.out.println("restored " + done.backup() + " (target " + done.target() + ") into " + done.destination()
                        + "; " + done.verification());
            }
            return 0;
        } catch (RestoreException e) {
            System.err.println("restore failed: " + e.getMessage());
            return 1;
        }
    }
}
