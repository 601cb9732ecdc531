package io.backstop.engine.mysql;

import io.backstop.restore.RestoreRequest;
import io.backstop.api.TriggerResponse;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.restore.RestoreService;
import io.backstop.support.MariaDb;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A backup made through the daemon's HTTP trigger restores into a new database equal to the original. */
class MysqlRoundTripTest {
    @TempDir
    Path tmp;
    final List<String> databases = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        MariaDb.drop(databases.toArray(String[]::new));
    }

    static void createShop(String db) throws Exception {
        try (Connection c = MariaDb.root(db); Statement s = c.createStatement()) {
            s.execute("SET SESSION max_recursive_iterations = 1000000");
            s.execute("CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, note TEXT NULL,"
                    + " photo BLOB NULL, balance DECIMAL(12,2) NULL, created DATETIME(3) NULL) ENGINE=InnoDB");
            s.execute("CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(10,2),"
                    + " FOREIGN KEY (customer_id) REFERENCES customers(id)) ENGINE=InnoDB");
            s.execute("CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, msg VARCHAR(200)) ENGINE=InnoDB");
            s.execute("INSERT INTO customers (name, note, photo, balance, created)"
                    + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
                    + " SELECT CONCAT('customer ', i, ' \uD83D\uDE00 \u00fcn\u00efc\u00f6d\u00e9 \u4e2d\u6587'),"
                    + " IF(i % 7 = 0, NULL, REPEAT('\u00fc\uD83D\uDE80', i % 50)),"
                    + " IF(i % 5 = 0, NULL, UNHEX(CONCAT('00', SHA2(i, 256), '00ff'))),"
                    + " IF(i % 11 = 0, NULL, (i * 37 % 100000) / 100), TIMESTAMP('2026-01-01') + INTERVAL i MINUTE"
                    + " FROM n");
            s.execute("CREATE VIEW big_customers AS SELECT id, name, balance FROM customers WHERE balance > 500");
            s.execute("CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW"
                    + " INSERT INTO audit (msg) VALUES (CONCAT('order ', NEW.id, ' \u2713'))");
            s.execute("CREATE PROCEDURE add_order(IN c INT, IN a DECIMAL(10,2)) BEGIN INSERT INTO orders (customer_id, amount) VALUES (c, a); END");
            s.execute("CREATE FUNCTION double_it(x INT) RETURNS INT DETERMINISTIC RETURN x * 2");
            s.execute("CREATE EVENT nightly_cleanup ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' DO DELETE FROM audit WHERE id < 0");
            s.execute("INSERT INTO orders (customer_id, amount) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
                    + " SELECT 1 + i % 3000, i / 7 FROM n");
            s.execute("CALL add_order(42, 12.34)");
        }
    }

    /** Definitions of every view, trigger, routine and event, with the database name taken out. */
    static List<String> definitions(String db) throws Exception {
        List<String> result = new ArrayList<>();
        try (Connection c = MariaDb.root(db); Statement s = c.createStatement()) {
            for (String[] object : new String[][] {{"VIEW", "big_customers", "2"}, {"TRIGGER", "orders_audit", "3"},
                    {"PROCEDURE", "add_order", "3"}, {"FUNCTION", "double_it", "3"}, {"EVENT", "nightly_cleanup", "4"}}) {
                try (ResultSet rs = s.executeQuery("SHOW CREATE " + object[0] + " `" + db + "`.`" + object[1] + "`")) {
                    assertTrue(rs.next(), object[0] + " " + object[1] + " exists in " + db);
                    result.add(rs.getString(Integer.parseInt(object[2])).replace(db, "<db>"));
                }
            }
        }
        return result;
    }

    @Test
    void backupThroughHttpRestoresIntoANewDatabaseEqualToTheOriginal() throws Exception {
        String shop = MariaDb.newDatabase();
        databases.add(shop);
        createShop(shop);
        Map<String, Object> config = MariaDb.target(tmp.resolve("backups"), "shop", shop, "root", "");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, config, "test");
             HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            TriggerResponse started = http.toBlocking().retrieve(HttpRequest.POST("/api/backups/shop", ""), TriggerResponse.class);
            long id = started.started().get(0).runId();
            BackupRun run = http.toBlocking().retrieve(HttpRequest.GET("/api/backups/" + id), BackupRun.class);
            for (int i = 0; i < 600 && !run.status().finished(); i++) {
                Thread.sleep(100);
                run = http.toBlocking().retrieve(HttpRequest.GET("/api/backups/" + id), BackupRun.class);
            }
            assertEquals(RunStatus.SUCCEEDED, run.status(), run.error());
            Path file = tmp.resolve("backups/shop").resolve(run.file());
            assertTrue(file.getFileName().toString().matches("shop_backup_\\d{8}_\\d{6}\\." + shop + "\\.sql\\.gz"), file.toString());
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                String sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertFalse(sql.contains("CREATE DATABASE"), "restorable under any name");
                assertTrue(sql.contains("\uD83D\uDE00"), "utf8mb4 text is kept as such");
            }

            String copy = shop + "_copy";
            databases.add(copy);
            RestoreService restores = server.getApplicationContext().getBean(RestoreService.class);
            restores.restoreAll(new RestoreRequest(String.valueOf(id), null, copy, false, false, null, false));

            assertEquals(MariaDb.checksums(shop), MariaDb.checksums(copy));
            assertEquals(3, MariaDb.checksums(copy).size());
            assertEquals(3000, MariaDb.scalar(copy, "SELECT count(*) FROM customers"));
            assertEquals(2001, MariaDb.scalar(copy, "SELECT count(*) FROM orders"));
            assertEquals(definitions(shop), definitions(copy));
            assertEquals(MariaDb.scalar(shop, "SELECT count(*) FROM big_customers"), MariaDb.scalar(copy, "SELECT count(*) FROM big_customers"));

            var refused = assertThrows(io.backstop.restore.RestoreException.class,
                    () -> restores.restoreAll(new RestoreRequest(String.valueOf(id), null, copy, false, false, null, false)));
            assertTrue(refused.getMessage().contains("exists and is not empty") && refused.getMessage().contains("--force"),
                    refused.getMessage());
            MariaDb.execute("DELETE FROM " + copy + ".audit");
            restores.restoreAll(new RestoreRequest(String.valueOf(id), null, copy, true, false, null, false));
            assertEquals(MariaDb.checksums(shop), MariaDb.checksums(copy), "--force replaces the database with the backup");
        }
    }
}
