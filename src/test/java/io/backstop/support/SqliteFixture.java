package io.backstop.support;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/** Real SQLite files for tests: a two-table schema, a concurrent writer, and ways to compare databases. */
public final class SqliteFixture {
    private SqliteFixture() {
    }

    /** Creates {@code file} with tables a and b holding {@code rows} rows each. */
    public static Path create(Path file, String journalMode, int rows) throws SQLException {
        try (Connection c = open(file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=" + journalMode);
            s.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
            s.execute("CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL, amount REAL, data BLOB)");
            c.setAutoCommit(false);
            for (int i = 0; i < rows; i++) {
                insertPair(c, i);
            }
            c.commit();
        }
        return file;
    }

    public static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    private static void insertPair(Connection c, long i) throws SQLException {
        try (PreparedStatement a = c.prepareStatement("INSERT INTO a (payload) VALUES (?)");
             PreparedStatement b = c.prepareStatement("INSERT INTO b (a_id, amount, data) VALUES (last_insert_rowid(), ?, randomblob(64))")) {
            a.setString(1, "row " + i + " \u00e9\u00e8 \uD83D\uDE00");
            a.executeUpdate();
            b.setDouble(1, i * 1.5);
            b.executeUpdate();
        }
    }

    /** A thread committing transactions that each add one row to a and one to b, as fast as it can. */
    public static final class Writer implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong commits = new AtomicLong();
        private final Thread thread;
        private volatile Exception failure;

        public Writer(Path file) {
            thread = new Thread(() -> {
                try (Connection c = open(file)) {
                    c.createStatement().execute("PRAGMA busy_timeout=10000");
                    c.setAutoCommit(false);
                    while (!stop.get()) {
                        insertPair(c, commits.get());
                        c.commit();
                        commits.incrementAndGet();
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "test-writer");
            thread.start();
        }

        public long commits() {
            return commits.get();
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            thread.join(30_000);
            if (failure != null) {
                throw failure;
            }
        }
    }

    public static Path gunzip(Path gz, Path to) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.copy(in, to);
        }
        return to;
    }

    public static long count(Path db, String table) throws SQLException {
        try (Connection c = open(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static String integrity(Path db) throws SQLException {
        try (Connection c = open(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** SHA-256 over every row of both tables in key order: equal content gives equal checksums. */
    public static String contentChecksum(Path db) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (Connection c = open(db); Statement s = c.createStatement()) {
            for (String query : new String[] {"SELECT id, payload FROM a ORDER BY id",
                    "SELECT id, a_id, amount, hex(data) FROM b ORDER BY id"}) {
                try (ResultSet rs = s.executeQuery(query)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            digest.update(String.valueOf(rs.getObject(i)).getBytes());
                            digest.update((byte) 0);
                        }
                    }
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
