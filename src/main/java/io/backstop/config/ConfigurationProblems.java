package io.backstop.config;

import java.util.List;

/** Start-up refusal: every problem found, one line each, each naming its key. */
public class ConfigurationProblems extends RuntimeException {
    private final List<String> problems;

    public ConfigurationProblems(List<String> problems) {
        super("invalid configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    /** Finds the problems behind a failed context start-up, however deeply the framework wrapped them. */
    public static java.util.Optional<ConfigurationProblems> findIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationProblems problems) {
                return java.util.Optional.of(problems);
            }
        }
        return java.util.Optional.empty();
    }
}
