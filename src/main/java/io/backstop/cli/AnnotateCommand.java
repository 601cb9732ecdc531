package io.backstop.cli;

import io.backstop.catalog.RunMarks;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code backstop annotate RUN_ID [--label NAME] [--note TEXT]}: shown in list and the API, kept in the manifests. */
@Command(name = "annotate", description = "Give a run's backup a label and a note (shown by list, kept in its manifests).")
public class AnnotateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID")
    long runId;

    @Option(names = "--label", paramLabel = "NAME")
    String label;

    @Option(names = "--note", paramLabel = "TEXT")
    String note;

    @Inject BackstopChoice backstop;

    @Override
    public Integer call() throws CliFailure {
        if (label == null && note == null) {
            throw new CliFailure("give --label NAME, --note TEXT or both", CliFailure.BAD_REQUEST);
        }
        RunMarks marks = backstop.get().annotate(runId, label, note);
        System.out.println("run " + runId + ": label " + marks.label() + ", note " + marks.note());
        return 0;
    }
}
