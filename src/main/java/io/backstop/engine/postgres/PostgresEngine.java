package io.backstop.engine.postgres;

import io.backstop.config.Target;
import io.backstop.engine.BackupEngine;
import io.backstop.engine.Dumped;
import io.backstop.engine.ChildProcess;
import io.backstop.engine.RestoreOptions;
import io.backstop.storage.BackupPart;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PostgreSQL through {@code pg_dump}: one file per database, plain SQL ({@code gunzip | psql}) or, with
 * {@code format: custom}, pg_dump's archive uncompressed inside the gzip ({@code gunzip | pg_restore}); plus one
 * {@code _globals} part per run from {@code pg_dumpall --globals-only} with the roles and tablespaces that a database
 * dump alone lacks on a new server. The password reaches the tools through a 0600 password file ({@link PassFile}).
 *
 * <p>Settings: {@code host}, {@code port} (5432), {@code user} (postgres), {@code password} or {@code password-file},
 * {@code databases} (comma-separated; empty for every database but the templates), {@code dump-options} (extra pg_dump
 * options), {@code format} (plain or custom), {@code tools-dir} (where the client tools are; default PATH).
 */
@Singleton
public class PostgresEngine implements BackupEngine {
    public static final String NAME = "postgres";
    /** The part with the server's roles and tablespaces; never a database's name (settings refuse it). */
    static final String GLOBALS = "_globals";
    static final String VERIFY_PREFIX = "backstop_verify_";
    private static final String DUMP_COMPLETE = "-- PostgreSQL database dump complete";
    private static final String CLUSTER_DUMP_COMPLETE = "-- PostgreSQL database cluster dump complete";
    private static final byte[] CUSTOM_MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);
    private static final int STDERR_LINES_IN_ERROR = 5;
    private static final int MAX_NAME_LENGTH = 63;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresEngine.class);

    private final Map<Optional<Path>, PostgresTools> tools = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String fileExtension(Target target, String part) {
        return part.equals(GLOBALS) ? "sql" : PostgresSettings.of(target).format().extension;
    }

    @Override
    public Set<String> connectionKeys() {
        return PostgresSettings.KEYS;
    }

    @Override
    public List<String> validate(Target target) {
        List<String> problems = new ArrayList<>(PostgresSettings.problems(target));
        if (problems.isEmpty() && tools(PostgresSettings.of(target)).isEmpty()) {
            String toolsDir = target.setting("tools-dir");
            problems.add((toolsDir == null || toolsDir.isBlank() ? target.keys().of("engine") : target.keys().of("connection.tools-dir"))
                    + ": the postgres engine needs " + String.join(", ", PostgresTools.NAMES)
                    + (toolsDir == null || toolsDir.isBlank() ? " on PATH" : " in " + toolsDir)
                    + " (Debian: apt-get install postgresql-client)");
        }
        return problems;
    }

    @Override
    public boolean restoredByDefault(String part) {
        return !part.equals(GLOBALS);
    }

    /**
     * The globals, then the configured databases or every database but the templates. The server is asked first in any
     * case: a pg_dump older than the server cannot dump it, and that is said once, naming both versions.
     */
    @Override
    public List<String> parts(Target target) throws Exception {
        PostgresSettings settings = PostgresSettings.of(target);
        PostgresServer server = new PostgresServer(settings);
        PostgresServer.Version version = server.version();
        PostgresTools tools = requireTools(settings);
        if (tools.major() < version.major()) {
            throw new IOException("pg_dump " + tools.version() + " (" + tools.pgDump() + ") is older than the server "
                    + settings.server() + " (PostgreSQL " + version.text() + ") and cannot dump it; install the PostgreSQL "
                    + version.major() + " client tools (Debian: postgresql-client-" + version.major() + ") and point "
                    + target.keys().of("connection.tools-dir") + " at them, or put them first on PATH");
        }
        List<String> databases = settings.databases().isEmpty() ? server.databases() : settings.databases();
        for (String database : databases) {
            if (!BackupPart.isValid(database) || database.equals(GLOBALS)) {
                throw new IllegalStateException("database '" + database + "' cannot be named in a file; list the databases"
                        + " to back up in " + target.keys().of("connection.databases"));
            }
        }
        List<String> parts = new ArrayList<>(List.of(GLOBALS));
        parts.addAll(databases);
        return parts;
    }

    @Override
    public Dumped dump(Target target, String part, OutputStream out, Path scratch) throws Exception {
        PostgresSettings settings = PostgresSettings.of(target);
        PostgresTools tools = requireTools(settings);
        List<String> command = new ArrayList<>();
        String what;
        if (part.equals(GLOBALS)) {
            what = "the roles and tablespaces";
            command.addAll(List.of(tools.pgDumpall().toString(), "--globals-only"));
            if (!new PostgresServer(settings).isSuperuser()) {
                command.add("--no-role-passwords"); // pg_authid, where the password hashes are, is for superusers only
            }
            command.addAll(connectionOptions(settings));
            command.add("--database=" + PostgresServer.MAINTENANCE_DATABASE);
        } else {
            what = "database " + part;
            command.addAll(List.of(tools.pgDump().toString(), "--format=" + settings.format().name().toLowerCase(java.util.Locale.ROOT)));
            if (settings.format() == PostgresSettings.Format.CUSTOM) {
                command.add("--compress=0"); // Backstop compresses once, after the dump
            }
            command.addAll(settings.dumpOptions());
            command.addAll(connectionOptions(settings));
            command.add("--dbname=" + part);
        }
        CopyRowCounter counter = new CopyRowCounter(out);
        try (PassFile passFile = PassFile.write(settings)) {
            ChildProcess.Result result = ChildProcess.readFrom(command, passFile.environment(), counter);
            String tool = Path.of(command.get(0)).getFileName().toString();
            if (result.exitCode() != 0) {
                throw new IOException(tool + " failed for " + what + " with " + result.exitDescription() + ": "
                        + result.stderrTail(STDERR_LINES_IN_ERROR));
            }
            List<String> errors = PostgresStderr.errors(result.stderr());
            if (!errors.isEmpty()) {
                throw new IOException(tool + " reported errors for " + what + ": " + String.join(" | ", errors));
            }
        }
        if (counter.bytes() == 0) {
            throw new IOException(Path.of(command.get(0)).getFileName() + " wrote nothing for " + what);
        }
        checkComplete(part, settings.format(), counter, "");
        return Dumped.counted(settings.format() == PostgresSettings.Format.PLAIN || part.equals(GLOBALS) ? counter.rows() : Map.of());
    }

    /**
     * Plain SQL must end with pg_dump's closing comment; a custom archive must start with its magic and be read to the
     * end by pg_restore, whose SQL output is counted the way a plain dump is.
     */
    @Override
    public Map<String, Long> inspect(Target target, String part, InputStream dump, Path scratch) throws Exception {
        PostgresSettings.Format format = part.equals(GLOBALS) ? PostgresSettings.Format.PLAIN : PostgresSettings.of(target).format();
        CopyRowCounter counter = new CopyRowCounter(OutputStream.nullOutputStream());
        if (format == PostgresSettings.Format.PLAIN) {
            dump.transferTo(counter);
            checkComplete(part, format, counter, " of " + part);
            return counter.rows();
        }
        PostgresTools tools = requireTools(PostgresSettings.of(target));
        ChildProcess.Result result = ChildProcess.filter(List.of(tools.pgRestore().toString(), "--file=-"), Map.of(),
                customArchive(dump, part), counter);
        if (result.exitCode() != 0 || !PostgresStderr.errors(result.stderr()).isEmpty()) {
            throw new IOException("pg_restore cannot read the archive of " + part + " (" + result.exitDescription() + "): "
                    + result.stderrTail(STDERR_LINES_IN_ERROR));
        }
        checkComplete(part, PostgresSettings.Format.PLAIN, counter, " of " + part);
        return counter.rows();
    }

    /**
     * Into a scratch database {@code backstop_verify_<db>} on the target's server, counted and dropped again. The
     * globals are only read: roles and tablespaces belong to the whole server, so they have no scratch place.
     */
    @Override
    public Map<String, Long> restoreToScratch(Target target, String part, InputStream dump, Path scratch) throws Exception {
        if (part.equals(GLOBALS)) {
            return inspect(target, part, dump, scratch);
        }
        String scratchDatabase = VERIFY_PREFIX + part;
        if (scratchDatabase.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("the scratch database name " + scratchDatabase + " is longer than PostgreSQL"
                    + " allows (" + MAX_NAME_LENGTH + ")");
        }
        PostgresSettings settings = PostgresSettings.of(target);
        PostgresServer server = new PostgresServer(settings);
        try {
            server.drop(scratchDatabase);
            server.create(scratchDatabase);
            load(settings, scratchDatabase, part, dump);
            return server.rowsPerTable(scratchDatabase);
        } finally {
            try {
                server.drop(scratchDatabase);
            } catch (Exception e) {
                LOG.warn("could not drop the scratch database {} after verification: {}", scratchDatabase, e.getMessage());
            }
        }
    }

    @Override
    public void removeVerificationLeftovers(Target target) throws Exception {
        PostgresServer server = new PostgresServer(PostgresSettings.of(target));
        for (String database : server.databasesStartingWith(VERIFY_PREFIX)) {
            server.drop(database);
        }
    }

    /**
     * A database is restored into {@code options.destination()} or the database it came from; one that holds objects is
     * only replaced with {@code force}, then dropped and created afresh so the result equals the backup. The globals go
     * to the server as a whole; roles that exist already are left as they are.
     */
    @Override
    public void restore(Target target, String part, InputStream in, RestoreOptions options, Path scratch) throws Exception {
        PostgresSettings settings = PostgresSettings.of(target);
        if (part.equals(GLOBALS)) {
            restoreGlobals(settings, in);
            return;
        }
        String destination = options.destination() != null ? options.destination() : part;
        if (destination == null || destination.isBlank()) {
            throw new IllegalArgumentException("name the database to restore into with --database");
        }
        PostgresServer server = new PostgresServer(settings);
        if (server.exists(destination)) {
            long objects = server.userObjects(destination);
            if (objects > 0 && !options.force()) {
                throw new IllegalStateException("database " + destination + " exists and is not empty (" + objects
                        + " tables, views, sequences, functions or large objects); restore with --force to replace it,"
                        + " or restore into another database with --database NAME");
            }
            server.drop(destination);
        }
        server.create(destination);
        load(settings, destination, part, in);
    }

    @Override
    public Map<String, String> toolVersions(Target target) {
        return tools(PostgresSettings.of(target)).map(t -> Map.of("pg_dump", t.version())).orElse(Map.of());
    }

    private void load(PostgresSettings settings, String destination, String part, InputStream in) throws Exception {
        PostgresTools tools = requireTools(settings);
        List<String> command = new ArrayList<>();
        if (settings.format() == PostgresSettings.Format.CUSTOM) {
            command.addAll(List.of(tools.pgRestore().toString(), "--exit-on-error", "--single-transaction"));
            command.addAll(connectionOptions(settings));
            command.add("--dbname=" + destination);
            in = customArchive(in, part);
        } else {
            command.addAll(List.of(tools.psql().toString(), "--no-psqlrc", "--quiet", "--single-transaction",
                    "--set=ON_ERROR_STOP=1"));
            command.addAll(connectionOptions(settings));
            command.add("--dbname=" + destination);
        }
        try (PassFile passFile = PassFile.write(settings)) {
            ChildProcess.Result result = ChildProcess.writeTo(command, passFile.environment(), in);
            List<String> errors = PostgresStderr.errors(result.stderr());
            if (result.exitCode() != 0 || !errors.isEmpty()) {
                throw new IOException(Path.of(command.get(0)).getFileName() + " failed restoring into " + destination + " with "
                        + result.exitDescription() + ": " + (errors.isEmpty() ? result.stderrTail(STDERR_LINES_IN_ERROR)
                        : String.join(" | ", errors.subList(0, Math.min(errors.size(), STDERR_LINES_IN_ERROR)))));
            }
        }
    }

    /** Statement by statement, so roles the server has already are reported by psql and skipped, not fatal. */
    private void restoreGlobals(PostgresSettings settings, InputStream in) throws Exception {
        PostgresTools tools = requireTools(settings);
        List<String> command = new ArrayList<>(List.of(tools.psql().toString(), "--no-psqlrc", "--quiet"));
        command.addAll(connectionOptions(settings));
        command.add("--dbname=" + PostgresServer.MAINTENANCE_DATABASE);
        try (PassFile passFile = PassFile.write(settings)) {
            ChildProcess.Result result = ChildProcess.writeTo(command, passFile.environment(), in);
            List<String> errors = PostgresStderr.errors(result.stderr()).stream()
                    .filter(line -> !line.matches(".*ERROR:\\s+(role|tablespace) \".*\" already exists.*")).toList();
            if (result.exitCode() != 0 || !errors.isEmpty()) {
                throw new IOException("psql failed restoring the roles and tablespaces with " + result.exitDescription() + ": "
                        + (errors.isEmpty() ? result.stderrTail(STDERR_LINES_IN_ERROR) : String.join(" | ", errors)));
            }
        }
    }

    private static List<String> connectionOptions(PostgresSettings settings) {
        return List.of("--host=" + settings.host(), "--port=" + settings.port(), "--username=" + settings.user(), "--no-password");
    }

    private static void checkComplete(String part, PostgresSettings.Format format, CopyRowCounter counter, String of) throws IOException {
        if (format != PostgresSettings.Format.PLAIN) {
            return;
        }
        String trailer = part.equals(GLOBALS) ? CLUSTER_DUMP_COMPLETE : DUMP_COMPLETE;
        if (!counter.tail().contains(trailer)) {
            throw new IOException("the dump" + of + " lacks pg_dump's '" + trailer + "' line: it is cut short");
        }
    }

    /** The stream, unread, after checking that it starts like pg_dump's custom archive. */
    private static InputStream customArchive(InputStream in, String part) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, CUSTOM_MAGIC.length);
        byte[] start = pushback.readNBytes(CUSTOM_MAGIC.length);
        if (!Arrays.equals(start, CUSTOM_MAGIC)) {
            throw new IOException("the dump of " + part + " is not a pg_dump custom-format archive (it does not start with PGDMP)");
        }
        pushback.unread(start);
        return pushback;
    }

    private Optional<PostgresTools> tools(PostgresSettings settings) {
        Optional<Path> dir = Optional.ofNullable(settings.toolsDir());
        PostgresTools found = tools.get(dir);
        if (found == null) {
            Optional<PostgresTools> looked = PostgresTools.find(settings.toolsDir());
            looked.ifPresent(t -> tools.put(dir, t));
            return looked;
        }
        return Optional.of(found);
    }

    private PostgresTools requireTools(PostgresSettings settings) {
        return tools(settings).orElseThrow(() -> new IllegalStateException("the PostgreSQL client tools "
                + PostgresTools.NAMES + " are not " + (settings.toolsDir() == null ? "on PATH" : "in " + settings.toolsDir())));
    }
}
