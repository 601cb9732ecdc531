package io.backstop.cli;

import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code backstop unpin RUN_ID}: retention treats the run like any other again. */
@Command(name = "unpin", description = "Let retention delete a pinned run's backup again when it is old enough.")
public class UnpinCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID")
    long runId;

    @Inject BackstopChoice backstop;

    @Override
    public Integer call() throws CliFailure {
        backstop.get().pin(runId, false);
        System.out.println("unpinned run " + runId);
        return 0;
    }
}
