package io.backstop.cli;

import io.backstop.catalog.Verification;
import io.backstop.verify.VerificationJob;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
    public Integer call() throws CliFailure, InterruptedException {
        VerificationJob job = backstop.get().verify(what, full);
        for (Verification v : job.verifications()) {
            String head = String.format("%-7s %s %s (run %s) %s", v.passed() ? "PASSED" : "FAILED", v.level(), v.target(), v.runId(), v.file());
            (v.passed() ? System.out : System.err).println(head + ": " + (v.passed() ? v.counts() : v.error()));
        }
        job.skipped().forEach(reason -> System.err.println("SKIPPED " + reason));
        return job.allPassed() ? 0 : 1;
    }
}
