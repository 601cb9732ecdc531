package io.backstop.engine.postgres;

import io.backstop.engine.ChildProcess;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL client tools of one target: in its {@code tools-dir}, else on PATH, and the version of
 * {@code pg_dump}, which must not be older than the server it dumps.
 */
record PostgresTools(Path pgDump, Path pgDumpall, Path psql, Path pgRestore, String version, int major) {
    static final List<String> NAMES = List.of("pg_dump", "pg_dumpall", "psql", "pg_restore");
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) ([0-9]+)(\\.[0-9]+)*");

    /** Empty when one of the four tools is missing or pg_dump does not say its version. */
    static Optional<PostgresTools> find(@Nullable Path dir) {
        Optional<Path> dump = tool(dir, "pg_dump");
        Optional<Path> dumpall = tool(dir, "pg_dumpall");
        Optional<Path> psql = tool(dir, "psql");
        Optional<Path> restore = tool(dir, "pg_restore");
        if (dump.isEmpty() || dumpall.isEmpty() || psql.isEmpty() || restore.isEmpty()) {
            return Optional.empty();
        }
        try {
            String output = ChildProcess.output(List.of(dump.get().toString(), "--version")).trim();
            Matcher m = VERSION.matcher(output);
            if (!m.find()) {
                return Optional.empty();
            }
            return Optional.of(new PostgresTools(dump.get(), dumpall.get(), psql.get(), restore.get(),
                    m.group(0).substring("(PostgreSQL) ".length()), Integer.parseInt(m.group(1))));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> tool(@Nullable Path dir, String name) {
        if (dir == null) {
            return ChildProcess.onPath(name);
        }
        Path candidate = dir.resolve(name);
        return Files.isExecutable(candidate) ? Optional.of(candidate) : Optional.empty();
    }
}
