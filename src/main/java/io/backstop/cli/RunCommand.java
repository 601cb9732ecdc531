package io.backstop.cli;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code backstop run [TARGET]}: through the running daemon when there is one, so its lock and catalog are
 * shared; otherwise in this process. Exit code 0 only when every requested backup succeeded.
 */
@Command(name = "run", description = "Back up one target, or all of them, now, and wait for the result.")
public class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", description = "the target to back up; all when omitted")
    String target;

    @Option(names = "--pin", description = "pin the new backup: retention never deletes it")
    boolean pin;

    @Option(names = "--label", paramLabel = "NAME", description = "label the new backup")
    String label;

    @Option(names = "--note", paramLabel = "TEXT", description = "a note on the new backup, e.g. \"before the v2 migration\"")
    String note;

    @Inject BackstopChoice backstop;

    @Override
    public Integer call() throws CliFailure, InterruptedException {
        Backstop.RunResults results = backstop.get().run(target);
        results.refused().forEach(System.err::println);
        results.notes().forEach(note -> System.err.println("note: " + note));
        boolean allSucceeded = results.refused().isEmpty() && !results.finished().isEmpty();
        for (BackupRun run : results.finished()) {
            (run.status() == RunStatus.SUCCEEDED ? System.out : System.err).println(RunReport.outcome(run));
            allSucceeded &= run.status() == RunStatus.SUCCEEDED;
            if (run.status() == RunStatus.SUCCEEDED && run.id() != null) {
                if (pin) {
                    backstop.get().pin(run.id(), true);
                    System.out.println("pinned run " + run.id());
                }
                if (label != null || note != null) {
                    backstop.get().annotate(run.id(), label, note);
                }
            }
        }
        return allSucceeded ? 0 : 1;
    }
}
