package io.backstop.catalog;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates and versions the catalog schema as soon as the data source exists. Written by hand because the
 * generated ANSI DDL uses AUTO_INCREMENT, which SQLite rejects.
 */
@Singleton
public class CatalogSchema implements BeanCreatedEventListener<DataSource> {
    static final int VERSION = 7;

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource dataSource = event.getBean();
        // the raw pool: the contextual proxy only hands out connections inside a transaction
        try (Connection connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection(); Statement sql = connection.createStatement()) {
            int version;
            try (ResultSet rs = sql.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > VERSION) {
                throw new IllegalStateException("the catalog was written by a newer Backstop (schema " + version
                        + ", this one knows " + VERSION + ")");
            }
            if (version < 1) {
                sql.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS backup_runs (
                            id INTEGER PRIMARY KEY AUTOINCREMENT,
                            target TEXT NOT NULL,
                            engine TEXT NOT NULL,
                            status TEXT NOT NULL,
                            triggered_by TEXT NOT NULL,
                            queued_at INTEGER NOT NULL,
                            started_at INTEGER,
                            finished_at INTEGER,
                            raw_bytes INTEGER,
                            bytes INTEGER,
                            sha256 TEXT,
                            file TEXT,
                            error TEXT)""");
                sql.executeUpdate("CREATE INDEX IF NOT EXISTS backup_runs_target ON backup_runs (target, id)");
                sql.executeUpdate("CREATE INDEX IF NOT EXISTS backup_runs_file ON backup_runs (file)");
                sql.executeUpdate("PRAGMA user_version = 1");
            }
            if (version < 2) {
                // v2: the off-site copies (S3), one row per backup file
                sql.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS uploads (
                            id INTEGER PRIMARY KEY AUTOINCREMENT,
                            target TEXT NOT NULL,
                            file TEXT NOT NULL,
                            status TEXT NOT NULL,
                            queued_at INTEGER NOT NULL,
                            attempts INTEGER NOT NULL,
                            next_attempt_at INTEGER,
                            uploaded_at INTEGER,
                            upload_id TEXT,
                            last_error TEXT,
                            UNIQUE (target, file))""");
                sql.executeUpdate("CREATE INDEX IF NOT EXISTS uploads_status ON uploads (status, id)");
                sql.executeUpdate("PRAGMA user_version = 2");
            }
            if (version < 3) {
                // v3: each file of a successful run in a row of its own, with its SHA-256
                sql.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS backup_files (
                            id INTEGER PRIMARY KEY AUTOINCREMENT,
                            run_id INTEGER NOT NULL,
                            target TEXT NOT NULL,
                            part TEXT NOT NULL,
                            file TEXT NOT NULL,
                            bytes INTEGER NOT NULL,
                            raw_bytes INTEGER NOT NULL,
                            sha256 TEXT NOT NULL,
                            UNIQUE (target, file))""");
                sql.executeUpdate("CREATE INDEX IF NOT EXISTS backup_files_run ON backup_files (run_id)");
                // single-file runs of schema v2 kept their checksum in the run itself
                sql.executeUpdate("""
                        INSERT OR IGNORE INTO backup_files (run_id, target, part, file, bytes, raw_bytes, sha256)
                        SELECT id, target, '', file, bytes, raw_bytes, sha256 FROM backup_runs
                        WHERE status = 'SUCCEEDED' AND sha256 IS NOT NULL AND file IS NOT NULL AND instr(file, ',') = 0""");
                sql.executeUpdate("PRAGMA user_version = 3");
            }
            if (version < 4) {
                // v4: verifications, one row per check of one file
                sql.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS verifications (
                            id INTEGER PRIMARY KEY AUTOINCREMENT,
                            run_id INTEGER,
                            target TEXT NOT NULL,
                            file TEXT NOT NULL,
                            level TEXT NOT NULL,
                            passed INTEGER NOT NULL,
                            started_at INTEGER NOT NULL,
                            finished_at INTEGER NOT NULL,
                            counts TEXT,
                            error TEXT)""");
                sql.executeUpdate("CREATE INDEX IF NOT EXISTS verifications_file ON verifications (target, file, id)");
                sql.executeUpdate("CREATE INDEX IF NOT EXISTS verifications_run ON verifications (run_id, id)");
                sql.executeUpdate("PRAGMA user_version = 4");
            }
            if (version < 5) {
                // v5: retention's deletions, counted for the metrics
                sql.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS deletions (
                            id INTEGER PRIMARY KEY AUTOINCREMENT,
                            target TEXT NOT NULL,
                            file TEXT NOT NULL,
                            deleted_at INTEGER NOT NULL)""");
                sql.executeUpdate("CREATE INDEX IF NOT EXISTS deletions_target ON deletions (target)");
                sql.executeUpdate("PRAGMA user_version = 5");
            }
            if (version < 6) {
                // v6: paused targets, and operators' marks on runs (pin, label, note, deletion)
                sql.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS run_marks (
                            run_id INTEGER PRIMARY KEY,
                            pinned INTEGER NOT NULL DEFAULT 0,
                            label TEXT,
                            note TEXT,
                            deleted_at INTEGER,
                            deleted_reason TEXT)""");
                sql.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS pauses (
                            target TEXT PRIMARY KEY,
                            since INTEGER NOT NULL,
                            until INTEGER,
                            reason TEXT)""");
                sql.executeUpdate("PRAGMA user_version = 6");
            }
            if (version < 7) {
                // v7: shipped pieces of captured transaction logs, and where each one is
                sql.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS log_pieces (
                            id INTEGER PRIMARY KEY AUTOINCREMENT,
                            target TEXT NOT NULL,
                            log TEXT NOT NULL,
                            piece TEXT NOT NULL,
                            log_file TEXT NOT NULL,
                            from_offset INTEGER NOT NULL,
                            to_offset INTEGER NOT NULL,
                            closed INTEGER NOT NULL,
                            bytes INTEGER NOT NULL,
                            sha256 TEXT NOT NULL,
                            first_event INTEGER,
                            last_event INTEGER,
                            shipped_at INTEGER NOT NULL,
                            uploaded_at INTEGER,
                            pruned_at INTEGER,
                            remote_deleted_at INTEGER,
                            UNIQUE (target, log, piece))""");
                sql.executeUpdate("PRAGMA user_version = 7");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the catalog: " + e.getMessage(), e);
        }
        return dataSource;
    }
}
