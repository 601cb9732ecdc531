package io.backstop.engine;

import io.backstop.support.Daemons;
import io.backstop.support.SqliteFixture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine contract on a SQLite file; SQLite has no credentials and runs no tool. */
class SqliteContractTest extends EngineContract {
    final AtomicInteger destinations = new AtomicInteger();

    private Path source() {
        return tmp.resolve("app.db");
    }

    @Override
    protected Map<String, Object> config(Path backupDir) throws Exception {
        if (!Files.exists(source())) {
            SqliteFixture.create(source(), "WAL", 5_000);
        }
        return Daemons.sqliteTarget(backupDir, TARGET, source());
    }

    @Override
    protected Map<String, String> snapshotOfSource() throws Exception {
        return snapshotOf(source().toString());
    }

    @Override
    protected String newDestination() {
        return tmp.resolve("restored-" + destinations.incrementAndGet() + ".db").toString();
    }

    /** Every table's rows, in rowid order. */
    @Override
    protected Map<String, String> snapshotOf(String destination) throws Exception {
        Map<String, String> state = new TreeMap<>();
        try (Connection c = SqliteFixture.open(Path.of(destination)); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                StringBuilder rows = new StringBuilder();
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY rowid")) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            rows.append(rs.getString(i)).append('|');
                        }
                        rows.append('\n');
                    }
                }
                state.put(table, rows.toString());
            }
        }
        return state;
    }

    @Override
    protected void fill(String destination) throws Exception {
        try (Connection c = SqliteFixture.open(Path.of(destination)); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE mine (v TEXT)");
            s.execute("INSERT INTO mine VALUES ('precious')");
        }
    }

    /** The file is no database any more. */
    @Override
    protected void breakDump(Map<String, Object> config) throws Exception {
        Files.deleteIfExists(Path.of(source() + "-wal"));
        Files.deleteIfExists(Path.of(source() + "-shm"));
        Files.writeString(source(), "this is not a database ".repeat(500));
    }

    /** An empty file. */
    @Override
    protected void emptyDump(Map<String, Object> config) throws Exception {
        Files.deleteIfExists(Path.of(source() + "-wal"));
        Files.deleteIfExists(Path.of(source() + "-shm"));
        Files.write(source(), new byte[0]);
    }

    @Override
    protected Optional<String> secret() {
        return Optional.empty();
    }

    @Override
    protected Optional<String> toolProcess() {
        return Optional.empty();
    }
}
