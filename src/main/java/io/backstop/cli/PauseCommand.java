package io.backstop.cli;

import io.backstop.catalog.Pause;
import io.backstop.control.Pauses;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code backstop pause [TARGET] [--for 2h] [--reason TEXT]}: no scheduled runs until resumed (or the time is up). */
@Command(name = "pause", description = "Switch scheduled runs off, for one target or all of them; manual runs still run.")
public class PauseCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", description = "the target to pause; all when omitted")
    String target;

    @Option(names = "--for", paramLabel = "DURATION", description = "resume by itself after this long, e.g. 30m, 2h, 3d",
            converter = DurationOption.class)
    Duration length;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, shown in status and health")
    String reason;

    @Inject BackstopChoice backstop;

    @Override
    public Integer call() throws CliFailure {
        List<Pause> paused = backstop.get().pause(target, length, reason);
        for (Pause pause : paused) {
            System.out.println(pause.target() + ": " + Pauses.describe(pause));
        }
        return 0;
    }
}
