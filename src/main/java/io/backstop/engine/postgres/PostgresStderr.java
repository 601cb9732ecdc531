package io.backstop.engine.postgres;

import java.util.List;
import java.util.regex.Pattern;

/** Which stderr lines of pg_dump, pg_dumpall, pg_restore and psql report errors; notices and warnings do not. */
final class PostgresStderr {
    private static final Pattern ERROR = Pattern.compile("(^|: )(error|ERROR|FATAL|PANIC):");

    private PostgresStderr() {
    }

    static List<String> errors(List<String> stderr) {
        return stderr.stream().filter(line -> ERROR.matcher(line).find()).toList();
    }
}
