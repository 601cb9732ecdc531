package io.backstop.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded default for {@code backstop demo}: an SQLite shop database plus a thread that keeps adding
 * orders, so the first backup is taken from a database that is being written to, as in real life.
 */
public final class ExampleDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(ExampleDatabase.class);

    private ExampleDatabase() {
    }

    public static Path create(Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE IF NOT EXISTS customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL"
                    + " REFERENCES customers(id), amount_cents INTEGER NOT NULL, created_at TEXT NOT NULL)");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT OR IGNORE INTO customers (id, name) VALUES (?, ?)")) {
                for (int i = 1; i <= 1000; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "customer " + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
        return file;
    }

    /** Starts a daemon thread that commits one order every half second until the JVM exits. */
    public static void keepWriting(Path file) {
        Thread writer = new Thread(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 PreparedStatement insert = c.prepareStatement("INSERT INTO orders (customer_id, amount_cents, created_at)"
                         + " VALUES (abs(random()) % 1000 + 1, abs(random()) % 100000, datetime('now'))")) {
                while (!Thread.currentThread().isInterrupted()) {
                    insert.executeUpdate();
                    Thread.sleep(500);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                LOG.warn("demo writer stopped: {}", e.getMessage());
            }
        }, "demo-writer");
        writer.setDaemon(true);
        writer.start();
    }
}
