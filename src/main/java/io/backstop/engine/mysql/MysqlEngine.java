package io.backstop.engine.mysql;

import io.backstop.config.Target;
import io.backstop.engine.BackupEngine;
import io.backstop.engine.ChildProcess;
import io.backstop.engine.Dumped;
import io.backstop.engine.TransactionLog;
import io.backstop.engine.RestoreOptions;
import io.backstop.storage.BackupPart;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MySQL and MariaDB through {@code mysqldump}/{@code mariadb-dump}, one plain-SQL file per database, streamed
 * from the tool's stdout into the pipeline; restored with the {@code mysql} client. Dumps are made without
 * {@code --databases}, so a file restores into any database name: {@code gunzip < f.sql.gz | mysql db}.
 *
 * <p>Settings: {@code host}, {@code port} (3306), {@code user} (root), {@code password} or
 * {@code password-file}, {@code databases} (comma-separated; empty or {@code *} for all but the system
 * schemas), {@code dump-options} (extra mysqldump options, space-separated).
 */
@Singleton
public class MysqlEngine implements BackupEngine {
    static final List<String> DEFAULT_DUMP_OPTIONS = List.of("--single-transaction", "--quick", "--routines",
            "--triggers", "--events", "--hex-blob", "--default-character-set=utf8mb4", "--no-tablespaces");
    static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "information_schema", "performance_schema", "sys");
    private static final String TRAILER = "-- Dump completed";
    private static final int STDERR_LINES_IN_ERROR = 5;

    private final MysqlVerification verification;
    private final Clock clock;
    private Optional<MysqlTools> tools;
    private MysqlBinlog binlog;

    public MysqlEngine(MysqlVerification verification, Clock clock) {
        this.verification = verification;
        this.clock = clock;
    }

    /** Looked up on first use, so contexts without MySQL targets never start the tools; a miss is asked again. */
    private synchronized Optional<MysqlTools> tools() {
        if (tools == null || tools.isEmpty()) {
            tools = MysqlTools.find();
        }
        return tools;
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String fileExtension(Target target, String part) {
        return "sql";
    }


    @Override
    public Set<String> connectionKeys() {
        return Set.of("host", "port", "user", "password", "password-file", "databases", "dump-options");
    }

    @Override
    public List<String> validate(Target target) {
        List<String> problems = new ArrayList<>();
        if (blank(target.setting("host"))) {
            problems.add(target.keys().of("connection.host") + ": missing; the MySQL/MariaDB server's host name");
        }
        String port = target.setting("port");
        if (!blank(port) && !port.trim().matches("[0-9]{1,5}")) {
            problems.add(target.keys().of("connection.port") + ": not a port number: '" + port + "'");
        }
        String passwordFile = target.setting("password-file");
        if (!blank(passwordFile) && !Files.isReadable(Path.of(passwordFile))) {
            problems.add(target.keys().of("connection.password-file") + ": file not found or not readable: " + passwordFile);
        }
        for (String database : configuredDatabases(target)) {
            if (!BackupPart.isValid(database)) {
                problems.add(target.keys().of("connection.databases") + ": '" + database
                        + "' is not a database name Backstop can put in a file name (letters, digits, _, $, -)");
            }
        }
        if (tools().isEmpty()) {
            problems.add(target.keys().of("engine") + ": the mysql engine needs mariadb-dump or mysqldump, and mariadb or mysql,"
                    + " on PATH (Debian: apt-get install mariadb-client)");
        } else if (target.logCapture().enabled() && tools().get().binlog().isEmpty()) {
            problems.add(target.keys().of("binlog.enabled") + ": binlog capture needs mariadb-binlog or mysqlbinlog on PATH"
                    + " (Debian: apt-get install mariadb-client)");
        }
        problems.addAll(verification.problems());
        return problems;
    }

    /** The configured databases, or on the server every database but the system schemas. */
    @Override
    public List<String> parts(Target target) throws Exception {
        List<String> configured = configuredDatabases(target);
        if (!configured.isEmpty()) {
            return configured;
        }
        MysqlConnection connection = MysqlConnection.of(target);
        List<String> databases = new ArrayList<>();
        try (Connection c = connection.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW DATABASES")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (!SYSTEM_SCHEMAS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    databases.add(name);
                }
            }
        } catch (SQLException e) {
            throw new SQLException("cannot list the databases on " + connection + ": " + e.getMessage(), e);
        }
        for (String database : databases) {
            if (!BackupPart.isValid(database)) {
                throw new IllegalStateException("database '" + database + "' cannot be named in a file; list the databases"
                        + " to back up in " + target.keys().of("connection.databases"));
            }
        }
        return databases;
    }

    @Override
    public Dumped dump(Target target, String database, OutputStream out, Path scratch) throws Exception {
        MysqlTools tools = requireTools();
        boolean logCaptured = target.logCapture().enabled();
        try (DefaultsFile credentials = DefaultsFile.write(MysqlConnection.of(target))) {
            List<String> command = new ArrayList<>(List.of(tools.dump().toString(), credentials.option()));
            command.addAll(DEFAULT_DUMP_OPTIONS);
            if (tools.supportsGtidPurged()) {
                command.add("--set-gtid-purged=OFF");
            }
            if (logCaptured) {
                command.addAll(tools.binlogPositionOptions());
            }
            command.addAll(extraOptions(target));
            command.add(database);

            InsertRowCounter rows = new InsertRowCounter(out);
            DumpLogPosition position = logCaptured ? new DumpLogPosition(rows, clock) : null;
            TailOutputStream tail = logCaptured ? new TailOutputStream(position, DumpLogPosition.TAIL_BYTES)
                    : new TailOutputStream(rows, 256);
            ChildProcess.Result result = ChildProcess.readFrom(command, tail);
            String tool = tools.dump().getFileName().toString();
            List<String> errors = MysqldumpStderr.errors(result.stderr());
            if (result.exitCode() != 0) {
                throw new IOException(tool + " failed for database " + database + " with " + result.exitDescription()
                        + ": " + result.stderrTail(STDERR_LINES_IN_ERROR));
            }
            if (!errors.isEmpty()) {
                throw new IOException(tool + " reported errors for database " + database + ": " + String.join(" | ", errors));
            }
            if (tail.count() == 0) {
                throw new IOException(tool + " wrote nothing for database " + database);
            }
            if (!tail.text().contains(TRAILER)) {
                throw new IOException(tool + " output for database " + database + " lacks the '" + TRAILER
                        + "' trailer: the dump is incomplete" + (result.stderr().isEmpty() ? "" : "; stderr: "
                        + result.stderrTail(STDERR_LINES_IN_ERROR)));
            }
            return new Dumped(rows.rows(), logCaptured ? position.position(tail.text()) : null);
        }
    }

    /** The dump ends with mysqldump's trailer; rows per table are counted from its INSERT statements. */
    @Override
    public Map<String, Long> inspect(Target target, String database, InputStream dump, Path scratch) throws Exception {
        InsertRowCounter rows = new InsertRowCounter(OutputStream.nullOutputStream());
        TailOutputStream tail = new TailOutputStream(rows, 256);
        dump.transferTo(tail);
        if (!tail.text().contains(TRAILER)) {
            throw new IOException("the dump of " + database + " lacks mysqldump's '" + TRAILER + "' trailer: it is cut short");
        }
        return rows.rows();
    }

    /** Into a throwaway server or a scratch database, see {@link MysqlVerification}. */
    @Override
    public Map<String, Long> restoreToScratch(Target target, String database, InputStream dump, Path scratch) throws Exception {
        return verification.restoreToScratch(target, database, dump, scratch, (server, into, in) -> load(server, into, in, true));
    }

    @Override
    public void removeVerificationLeftovers(Target target) throws Exception {
        verification.removeLeftovers(target);
    }

    /**
     * Restores into {@code options.destination()} or, by default, the database the dump came from. A database
     * that holds tables is only replaced with {@code force}, and then dropped and created afresh, so the
     * result equals the backup.
     */
    @Override
    public void restore(Target target, String database, InputStream in, RestoreOptions options, Path scratch) throws Exception {
        String destination = options.destination() != null ? options.destination() : database;
        if (destination == null || destination.isBlank()) {
            throw new IllegalArgumentException("name the database to restore into with --database");
        }
        load(MysqlConnection.of(target), destination, in, options.force());
    }

    private void load(MysqlConnection connection, String destination, InputStream in, boolean force) throws Exception {
        MysqlTools tools = requireTools();
        prepareDestination(connection, destination, force);
        try (DefaultsFile credentials = DefaultsFile.write(connection)) {
            List<String> command = List.of(tools.client().toString(), credentials.option(),
                    "--default-character-set=utf8mb4", "--database=" + destination);
            ChildProcess.Result result = ChildProcess.writeTo(command, in);
            if (result.exitCode() != 0 || !MysqldumpStderr.errors(result.stderr()).isEmpty()) {
                throw new IOException(tools.client().getFileName() + " failed restoring into " + destination + " with "
                        + result.exitDescription() + ": " + result.stderrTail(STDERR_LINES_IN_ERROR));
            }
        }
    }

    private static void prepareDestination(MysqlConnection connection, String destination, boolean force) throws SQLException {
        try (Connection c = connection.open()) {
            long objects;
            try (PreparedStatement count = c.prepareStatement(
                    "SELECT (SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?)"
                            + " + (SELECT count(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?)")) {
                count.setString(1, destination);
                count.setString(2, destination);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    objects = rs.getLong(1);
                }
            }
            try (Statement s = c.createStatement()) {
                if (objects > 0) {
                    if (!force) {
                        throw new IllegalStateException("database " + destination + " exists and is not empty (" + objects
                                + " tables, views or routines); restore with --force to replace it, or restore into another"
                                + " database with --database NAME");
                    }
                    s.execute("DROP DATABASE " + quoteName(destination));
                }
                s.execute("CREATE DATABASE IF NOT EXISTS " + quoteName(destination) + " CHARACTER SET utf8mb4");
            }
        }
    }

    @Override
    public Optional<TransactionLog> transactionLog() {
        synchronized (this) {
            if (binlog == null) {
                binlog = new MysqlBinlog(this::requireTools, clock);
            }
            return Optional.of(binlog);
        }
    }

    @Override
    public Map<String, String> toolVersions(Target target) {
        return tools().map(t -> Map.of("mysqldump", t.version())).orElse(Map.of());
    }

    MysqlTools requireTools() {
        return tools().orElseThrow(() -> new IllegalStateException("mariadb-dump/mysqldump is not on PATH"));
    }

    static List<String> configuredDatabases(Target target) {
        String databases = target.setting("databases");
        if (blank(databases) || databases.trim().equals("*")) {
            return List.of();
        }
        return Arrays.stream(databases.split(",")).map(String::trim).filter(d -> !d.isEmpty()).toList();
    }

    private static List<String> extraOptions(Target target) {
        String options = target.setting("dump-options");
        return blank(options) ? List.of() : Arrays.asList(options.trim().split("\\s+"));
    }

    static String quoteName(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
