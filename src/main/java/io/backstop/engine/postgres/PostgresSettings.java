package io.backstop.engine.postgres;

import io.backstop.config.Target;
import io.backstop.storage.BackupPart;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A PostgreSQL target's settings, typed: read from its {@code connection} keys once, with every problem named by
 * its key. The password itself is read only when a tool or connection needs it ({@link #password()}).
 */
record PostgresSettings(String host, int port, String user, @Nullable String givenPassword, @Nullable Path passwordFile,
                        List<String> databases, List<String> dumpOptions, Format format, @Nullable Path toolsDir) {
    static final Set<String> KEYS = Set.of("host", "port", "user", "password", "password-file", "databases",
            "dump-options", "format", "tools-dir");
    static final int DEFAULT_PORT = 5432;
    static final String DEFAULT_USER = "postgres";

    /** pg_dump's output: plain SQL for psql, or the custom archive for pg_restore. */
    enum Format {
        PLAIN("sql"), CUSTOM("dump");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }
    }

    /** The settings of a target {@link #problems} found nothing wrong with. */
    static PostgresSettings of(Target target) {
        String port = target.setting("port");
        String user = target.setting("user");
        String passwordFile = target.setting("password-file");
        String toolsDir = target.setting("tools-dir");
        return new PostgresSettings(target.setting("host").trim(), blank(port) ? DEFAULT_PORT : Integer.parseInt(port.trim()),
                blank(user) ? DEFAULT_USER : user.trim(), target.setting("password"),
                blank(passwordFile) ? null : Path.of(passwordFile.trim()), list(target.setting("databases"), ","),
                list(target.setting("dump-options"), "\\s+"), format(target.setting("format")),
                blank(toolsDir) ? null : Path.of(toolsDir.trim()));
    }

    static List<String> problems(Target target) {
        List<String> problems = new ArrayList<>();
        if (blank(target.setting("host"))) {
            problems.add(target.keys().of("connection.host") + ": missing; the PostgreSQL server's host name");
        }
        String port = target.setting("port");
        if (!blank(port) && !port.trim().matches("[0-9]{1,5}")) {
            problems.add(target.keys().of("connection.port") + ": not a port number: '" + port + "'");
        }
        String passwordFile = target.setting("password-file");
        if (!blank(passwordFile) && !Files.isReadable(Path.of(passwordFile.trim()))) {
            problems.add(target.keys().of("connection.password-file") + ": file not found or not readable: " + passwordFile);
        }
        for (String database : list(target.setting("databases"), ",")) {
            if (!BackupPart.isValid(database) || database.equals(PostgresEngine.GLOBALS)) {
                problems.add(target.keys().of("connection.databases") + ": '" + database
                        + "' is not a database name Backstop can put in a file name (letters, digits, _, $, -; not "
                        + PostgresEngine.GLOBALS + ")");
            }
        }
        String format = target.setting("format");
        if (!blank(format) && Arrays.stream(Format.values()).noneMatch(f -> f.name().equalsIgnoreCase(format.trim()))) {
            problems.add(target.keys().of("connection.format") + ": '" + format + "' is not a pg_dump format Backstop writes;"
                    + " plain or custom");
        }
        String toolsDir = target.setting("tools-dir");
        if (!blank(toolsDir) && !Files.isDirectory(Path.of(toolsDir.trim()))) {
            problems.add(target.keys().of("connection.tools-dir") + ": not a directory: " + toolsDir);
        }
        return problems;
    }

    /** From {@code password}, or the first line of {@code password-file} (Docker secrets); empty when neither is set. */
    String password() throws IOException {
        if (passwordFile != null) {
            return Files.readString(passwordFile).strip();
        }
        return givenPassword == null ? "" : givenPassword;
    }

    /** Where and as whom, for messages: never the password. */
    String server() {
        return user + "@" + host + ":" + port;
    }

    private static Format format(@Nullable String value) {
        return blank(value) ? Format.PLAIN : Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    private static List<String> list(@Nullable String value, String separator) {
        if (blank(value) || value.trim().equals("*")) {
            return List.of();
        }
        return Arrays.stream(value.trim().split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + server() + ", " + format + "]";
    }
}
