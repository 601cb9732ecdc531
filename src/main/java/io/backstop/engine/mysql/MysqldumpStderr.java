package io.backstop.engine.mysql;

import java.util.List;
import java.util.Locale;

/**
 * Tells errors from noise on the MySQL tools' stderr. Successful runs print warnings and deprecation notices
 * (MariaDB 11 when invoked as mysqldump, "Using a password on the command line..." from others), which must
 * not fail a backup; "Got error", "Couldn't", "Access denied", "ERROR nnnn" lines must.
 */
final class MysqldumpStderr {
    private static final List<String> ERROR_MARKS = List.of("error", "couldn't", "can't", "access denied", "unknown database",
            "lost connection", "gone away");
    private static final List<String> NOISE_MARKS = List.of("warning", "deprecated", "note:", "[note]");

    private MysqldumpStderr() {
    }

    static List<String> errors(List<String> stderr) {
        return stderr.stream().filter(MysqldumpStderr::isError).toList();
    }

    static boolean isError(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (NOISE_MARKS.stream().anyMatch(lower::contains)) {
            return false;
        }
        return ERROR_MARKS.stream().anyMatch(lower::contains);
    }
}
