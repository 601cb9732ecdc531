package io.backstop.cli;

import io.backstop.control.RunControls;
import jakarta.inject.Inject;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code backstop delete RUN_ID [--local|--remote|--everywhere] [--force] [--reason TEXT]}. */
@Command(name = "delete", description = "Delete a run's backup files (default: everywhere). The newest good backup and"
        + " pinned ones need --force. A run with no copy left is recorded as DELETED, with time and reason.")
public class DeleteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID")
    long runId;

    static class Place {
        @Option(names = "--local", description = "only the files on the volume") boolean local;
        @Option(names = "--remote", description = "only the S3 copies") boolean remote;
        @Option(names = "--everywhere", description = "both (the default)") boolean everywhere;
    }

    @ArgGroup(exclusive = true)
    Place place;

    @Option(names = "--force", description = "also the target's newest good backup, or a pinned one")
    boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", description = "recorded with the deletion")
    String reason;

    @Inject BackstopChoice backstop;

    @Override
    public Integer call() throws CliFailure {
        RunControls.Where where = place == null || place.everywhere ? RunControls.Where.EVERYWHERE
                : place.local ? RunControls.Where.LOCAL : RunControls.Where.REMOTE;
        List<String> done = backstop.get().delete(runId, where, force, reason);
        done.forEach(System.out::println);
        if (done.isEmpty()) {
            System.out.println("run " + runId + ": nothing was there to delete");
        }
        return 0;
    }
}
