package io.backstop.cli;

import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code backstop resume [TARGET]}: scheduled runs again. */
@Command(name = "resume", description = "Switch scheduled runs back on, for one target or all of them.")
public class ResumeCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", description = "the target to resume; all when omitted")
    String target;

    @Inject BackstopChoice backstop;

    @Override
    public Integer call() throws CliFailure {
        List<String> resumed = backstop.get().resume(target);
        System.out.println(resumed.isEmpty() ? "nothing was paused" : "resumed: " + String.join(", ", resumed));
        return 0;
    }
}
