package io.backstop.engine.mongo;

import io.backstop.engine.ChildProcess;
import io.backstop.engine.SecretFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * mongodump and mongorestore from the MongoDB Database Tools, when they are on PATH. The connection string,
 * password included, reaches them through a 0600 {@code --config} file, never argv.
 */
final class MongoTools {
    private static final int STDERR_LINES_IN_ERROR = 5;

    private MongoTools() {
    }

    /** {@code mongodump --archive} to {@code out}; one database, or all of them when {@code database} is null. */
    static void dump(Path mongodump, String uri, String database, OutputStream out) throws Exception {
        try (SecretFile config = SecretFile.write("mongo", "mongodump.yaml", "uri: " + yamlQuote(uri) + "\n")) {
            List<String> command = new ArrayList<>(List.of(mongodump.toString(), "--config=" + config.path(), "--archive"));
            if (database != null) {
                command.add("--db=" + database);
            }
            ChildProcess.Result result = ChildProcess.readFrom(command, out);
            check(result, "mongodump", uri);
        }
    }

    /** {@code mongorestore --archive --drop} from {@code in}, renaming {@code from} to {@code to} when both are set. */
    static void restore(Path mongorestore, String uri, InputStream in, String from, String to, boolean drop) throws Exception {
        try (SecretFile config = SecretFile.write("mongo", "mongorestore.yaml", "uri: " + yamlQuote(uri) + "\n")) {
            List<String> command = new ArrayList<>(List.of(mongorestore.toString(), "--config=" + config.path(), "--archive"));
            if (drop) {
                command.add("--drop");
            }
            if (from != null && to != null) {
                command.add("--nsFrom=" + from + ".*");
                command.add("--nsTo=" + to + ".*");
            }
            ChildProcess.Result result = ChildProcess.writeTo(command, in);
            check(result, "mongorestore", uri);
        }
    }

    private static void check(ChildProcess.Result result, String tool, String uri) throws IOException {
        List<String> errors = result.stderr().stream().filter(MongoTools::isError).toList();
        if (result.exitCode() != 0) {
            throw new IOException(tool + " failed with " + result.exitDescription() + ": "
                    + MongoUri.scrub(result.stderrTail(STDERR_LINES_IN_ERROR), uri));
        }
        if (!errors.isEmpty()) {
            throw new IOException(tool + " reported errors: " + MongoUri.scrub(String.join(" | ", errors), uri));
        }
    }

    /** mongodump logs progress on stderr; only "Failed:" lines and errors count. */
    static boolean isError(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        return lower.contains("failed:") || lower.contains("error");
    }

    static String yamlQuote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
