package io.backstop.engine.mysql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The credentials for one run of a MySQL client tool, in a 0600 option file inside a private 0700 directory,
 * passed as {@code --defaults-extra-file} so the password never appears in argv or the environment.
 * Deleted on close, whether the run succeeded or not.
 */
final class DefaultsFile implements AutoCloseable {
    private final Path dir;
    private final Path file;

    private DefaultsFile(Path dir, Path file) {
        this.dir = dir;
        this.file = file;
    }

    static DefaultsFile write(MysqlConnection connection) throws IOException {
        Path dir = Files.createTempDirectory("backstop-mysql-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = Files.createFile(dir.resolve("client.cnf"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "[client]\n"
                + "host=" + quote(connection.host()) + "\n"
                + "port=" + connection.port() + "\n"
                + "user=" + quote(connection.user()) + "\n"
                + "password=" + quote(connection.password()) + "\n");
        return new DefaultsFile(dir, file);
    }

    /** Must be the first option on the command line, or the tool ignores it. */
    String option() {
        return "--defaults-extra-file=" + file;
    }

    Path path() {
        return file;
    }

    /** Option-file quoting: inside double quotes, backslash and the quote itself are escaped. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
