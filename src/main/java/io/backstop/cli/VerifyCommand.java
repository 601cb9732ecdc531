package io.backstop.cli;

import io.backstop.catalog.Verification;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code backstop verify [TARGET|RUN_ID] [--full]}; exit 0 only if every check passed. */
@Command(name = "verify", description = "Check backups as they are on the volume: SHA-256, compression, the engine's own"
        + " structure check and the counts recorded at backup time. Default: every target's newest good backup.")
public class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET|RUN_ID")
    String what;

    @Option(names = "--full", description = "restore into a scratch place (never the live database) and count what arrived")
    boolean full;

    @Inject BackstopChoice backstop;

    @Override
    public Integer call() throws CliFailure {
        List<Verification> checks = backstop.get().verify(what, full);
        if (checks.isEmpty()) {
            throw new CliFailure("nothing to verify: no target has a good backup yet", CliFailure.FAILED);
        }
        boolean allPassed = true;
        for (Verification v : checks) {
            String head = String.format("%-7s %s %s (run %s) %s", v.passed() ? "PASSED" : "FAILED", v.level(), v.target(), v.runId(), v.file());
            (v.passed() ? System.out : System.err).println(head + ": " + (v.passed() ? v.counts() : v.error()));
            allPassed &= v.passed();
        }
        return allPassed ? 0 : 1;
    }
}
