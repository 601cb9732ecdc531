package io.backstop.engine.sqlite;

import io.backstop.config.Target;
import io.backstop.engine.BackupEngine;
import io.backstop.engine.Dumped;
import io.backstop.engine.RestoreOptions;
import jakarta.inject.Singleton;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQLite through the online backup API in one step ({@code pagesPerStep = -1}): the whole database is copied
 * under one read lock, so the copy is consistent while the application keeps writing. A step-by-step
 * backup restarts whenever another connection writes and may never finish under a busy writer.
 */
@Singleton
public class SqliteEngine implements BackupEngine {
    static final String PATH = "path";
    /** How long to wait for a writer's lock: 50 ms between tries, for up to two minutes. */
    private static final int BUSY_SLEEP_MS = 50;
    private static final int BUSY_RETRIES = 2400;
    private static final int ALL_PAGES = -1;

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public String fileExtension(Target target, String part) {
        return "db";
    }

    @Override
    public Set<String> connectionKeys() {
        return Set.of("path");
    }

    @Override
    public List<String> validate(Target target) {
        String key = target.keys().of("connection." + PATH);
        String path = target.setting(PATH);
        if (path == null || path.isBlank()) {
            return List.of(key + ": missing; the path of the SQLite database file");
        }
        if (!Files.isRegularFile(Path.of(path))) {
            return List.of(key + ": file not found: " + path);
        }
        return List.of();
    }

    @Override
    public Dumped dump(Target target, String part, OutputStream out, Path scratch) throws Exception {
        Path source = Path.of(target.setting(PATH));
        if (!Files.isRegularFile(source)) {
            throw new SQLException("source database not found: " + source);
        }
        if (Files.size(source) == 0) {
            throw new SQLException(source + " is an empty file, not a database yet: there is nothing to back up (is "
                    + target.keys().of("connection.path") + " the file the application writes?)");
        }
        Path snapshot = scratch.resolve("snapshot.db");
        try (Connection connection = open(source)) {
            int rc = connection.unwrap(SQLiteConnection.class).getDatabase()
                    .backup("main", snapshot.toString(), null, BUSY_SLEEP_MS, BUSY_RETRIES, ALL_PAGES);
            if (rc == SQLiteErrorCode.SQLITE_FULL.code) {
                throw volumeFull(source, scratch);
            }
            if (rc != 0) {
                throw new SQLException("online backup of " + source + " failed: " + describe(rc));
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == SQLiteErrorCode.SQLITE_FULL.code) {
                throw volumeFull(source, scratch);
            }
            throw new SQLException("cannot back up " + source + ": " + e.getMessage(), e);
        }
        Map<String, Long> rows = makeSelfContained(snapshot, source);
        Files.copy(snapshot, out);
        return Dumped.counted(rows);
    }

    /** The decompressed file passes integrity_check (the full one, not quick_check); rows are counted per table. */
    @Override
    public Map<String, Long> inspect(Target target, String part, InputStream dump, Path scratch) throws Exception {
        Path copy = scratch.resolve("inspect.db");
        Files.copy(dump, copy);
        try (Connection connection = open(copy); Statement statement = connection.createStatement()) {
            String verdict = check(statement, "integrity_check");
            if (!"ok".equals(verdict)) {
                throw new SQLException("the database in the backup fails PRAGMA integrity_check: " + verdict);
            }
            return rowsPerTable(statement);
        } catch (SQLException e) {
            throw new SQLException("the backup is not a sound SQLite database: " + e.getMessage(), e);
        }
    }

    /** Restored with SQLite's restore API, as {@code backstop restore} does, into a scratch file on the volume. */
    @Override
    public Map<String, Long> restoreToScratch(Target target, String part, InputStream dump, Path scratch) throws Exception {
        Path restored = scratch.resolve("verify.db");
        restore(target, part, dump, new RestoreOptions(restored.toString(), false), Files.createDirectory(scratch.resolve("restore")));
        try (Connection connection = open(restored); Statement statement = connection.createStatement()) {
            String verdict = check(statement, "integrity_check");
            if (!"ok".equals(verdict)) {
                throw new SQLException("the restored database fails PRAGMA integrity_check: " + verdict);
            }
            return rowsPerTable(statement);
        }
    }

    private static Map<String, Long> rowsPerTable(Statement statement) throws SQLException {
        List<String> tables = new java.util.ArrayList<>();
        try (ResultSet rs = statement.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, Long> rows = new java.util.LinkedHashMap<>();
        for (String table : tables) {
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM \"" + table.replace("\"", "\"\"") + "\"")) {
                rs.next();
                rows.put(table, rs.getLong(1));
            }
        }
        return rows;
    }

    /** SQLite says "database or disk is full" about the copy it writes into scratch, which is on the backup volume. */
    private static IOException volumeFull(Path source, Path scratch) {
        return new IOException("the backup volume (BACKUP_DIR) is full: no room for the copy of " + source + " in "
                + scratch.getParent() + " (SQLITE_FULL); free space on the volume or make it larger");
    }

    /**
     * Checks the copy and switches it to rollback-journal mode, so the gunzipped file opens on its own,
     * even from read-only media, without -wal or -shm files. Returns its rows per table.
     */
    private static Map<String, Long> makeSelfContained(Path snapshot, Path source) throws SQLException {
        try (Connection connection = open(snapshot); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=DELETE");
            String verdict = check(statement, "quick_check");
            if (!"ok".equals(verdict)) {
                throw new SQLException("the copy of " + source + " fails PRAGMA quick_check: " + verdict
                        + " (the source database is damaged)");
            }
            return rowsPerTable(statement);
        }
    }

    @Override
    public void restore(Target target, String part, InputStream in, RestoreOptions options, Path scratch) throws Exception {
        Path destination = options.destination() != null ? options.destinationFile() : Path.of(target.setting(PATH));
        Path staged = scratch.resolve("restore.db");
        Files.copy(in, staged);
        try (Connection check = open(staged); Statement statement = check.createStatement()) {
            String verdict = check(statement, "quick_check");
            if (!"ok".equals(verdict)) {
                throw new SQLException("the backup is not a sound SQLite database: " + verdict);
            }
        }
        if (Files.exists(destination) && Files.size(destination) > 0 && !options.force()) {
            throw new IllegalStateException(destination + " exists and is not empty; restore with --force to overwrite it");
        }
        // The restore API replaces the content page by page under the database's own locks, so an
        // application that has the file open sees either the old or the restored database.
        try (Connection connection = open(destination)) {
            int rc = connection.unwrap(SQLiteConnection.class).getDatabase()
                    .restore("main", staged.toString(), null, BUSY_SLEEP_MS, BUSY_RETRIES, ALL_PAGES);
            if (rc != 0) {
                throw new SQLException("restore into " + destination + " failed: " + describe(rc));
            }
        }
    }

    @Override
    public Map<String, String> toolVersions(Target target) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select sqlite_version()")) {
            rs.next();
            return Map.of("sqlite", rs.getString(1),
                    "sqlite-jdbc", connection.getMetaData().getDriverVersion());
        } catch (SQLException e) {
            return Map.of("sqlite", "unknown");
        }
    }

    private static String describe(int resultCode) {
        SQLiteErrorCode code = SQLiteErrorCode.getErrorCode(resultCode);
        return code == SQLiteErrorCode.UNKNOWN_ERROR ? "SQLite result code " + resultCode : code.name() + ", " + code.message;
    }

    private static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** @param pragma {@code quick_check} or {@code integrity_check} */
    private static String check(Statement statement, String pragma) throws SQLException {
        try (ResultSet rs = statement.executeQuery("PRAGMA " + pragma)) {
            StringBuilder verdict = new StringBuilder();
            while (rs.next()) {
                verdict.append(verdict.isEmpty() ? "" : "; ").append(rs.getString(1));
            }
            return verdict.toString();
        }
    }
}
