package io.backstop.support;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Processes found by what their command line names, such as a throwaway mariadbd working in a scratch directory. */
public final class Processes {
    private Processes() {
    }

    /** Every other process whose command line names a path under {@code dir}. */
    public static List<ProcessHandle> workingIn(Path dir) {
        String path = dir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().arguments().map(args -> Stream.of(args).anyMatch(a -> a.contains(path))).orElse(false))
                .toList();
    }

    /** As {@link #workingIn}, described for an assertion message: pid and command. */
    public static List<String> describedWorkingIn(Path dir) {
        return workingIn(dir).stream().map(p -> p.pid() + " " + p.info().command().orElse("?")).toList();
    }
}
