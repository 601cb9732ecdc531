package io.backstop.cli;

import io.backstop.restore.RestoreRequest;
import io.backstop.restore.RestoreService;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code backstop restore <run-id|file> [--target T] [--to DEST] [--force] [--no-verify] [--globals]}; with a daemon running,
 * the daemon restores (relative paths are the caller's).
 */
@Command(name = "restore", description = "Restore a backup, by run id (see 'list') or file path, after checking its SHA-256.")
public class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID|FILE|TARGET")
    String backup;

    @Option(names = "--at", paramLabel = "TIME|latest", description = "point-in-time restore of TARGET (its binlog is captured):"
            + " the newest full backup before TIME (ISO-8601, e.g. 2026-11-23T10:15:00Z), then the captured binlog replayed up"
            + " to that second; 'latest' replays everything captured")
    String at;

    @Option(names = "--target", description = "the target the backup belongs to (default: from the run or its manifest)")
    String target;

    @Option(names = {"--to", "--database"}, paramLabel = "DEST",
            description = "restore somewhere else instead of over the original (SQLite: a file path; MySQL, PostgreSQL, MongoDB: a database name)")
    String destination;

    @Option(names = "--force", description = "overwrite a destination that already holds data")
    boolean force;

    @Option(names = "--no-verify", description = "restore a file that has neither a manifest nor a catalog record to check it against")
    boolean noVerify;

    @Option(names = "--globals", description = "also restore the server-wide part of the run (PostgreSQL: roles and tablespaces)")
    boolean globals;

    @Inject BackstopChoice backstop;

    @Override
    public Integer call() {
        RestoreRequest request = new RestoreRequest(backup, target, destination, force, noVerify,
                Path.of("").toAbsolutePath().toString(), globals, at);
        try {
            for (RestoreService.Restored done : backstop.get().restore(request)) {
                System.out.println("restored " + done.backup() + " (target " + done.target() + ") into " + done.destination()
                        + "; " + done.verification());
                if (done.replayed() != null) {
                    System.out.println("  then " + done.replayed());
                }
            }
            return 0;
        } catch (CliFailure e) {
            System.err.println("restore failed: " + e.getMessage());
            return e.exitCode();
        }
    }
}
