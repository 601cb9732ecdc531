package io.backstop.cli;

import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code backstop pin RUN_ID}: retention never deletes this run's files, on the volume or on S3. */
@Command(name = "pin", description = "Keep a run's backup for good: retention never deletes it (local or S3).")
public class PinCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID")
    long runId;

    @Inject BackstopChoice backstop;

    @Override
    public Integer call() throws CliFailure {
        backstop.get().pin(runId, true);
        System.out.println("pinned run " + runId);
        return 0;
    }
}
