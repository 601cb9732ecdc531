package io.backstop.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The real MariaDB at 127.0.0.1:3306 (root, no password) that CI starts; every test uses databases of its own. */
public final class MariaDb {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 3306;

    private MariaDb() {
    }

    public static Connection root() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + HOST + ":" + PORT + "/?user=root&password=&allowMultiQueries=true");
    }

    public static Connection root(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + HOST + ":" + PORT + "/" + database
                + "?user=root&password=&allowMultiQueries=true");
    }

    public static String newDatabase() throws SQLException {
        String name = "bs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return name;
    }

    public static void drop(String... databases) {
        for (String database : databases) {
            try {
                execute("DROP DATABASE IF EXISTS " + database);
            } catch (SQLException ignored) {
                // best effort cleanup
            }
        }
    }

    public static void execute(String sql) throws SQLException {
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A user with a password full of characters that need quoting, allowed on bs_% databases. */
    public static void ensureUser(String user, String password) throws SQLException {
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY '" + password.replace("\\", "\\\\").replace("'", "\\'") + "'");
            s.execute("ALTER USER '" + user + "'@'%' IDENTIFIED BY '" + password.replace("\\", "\\\\").replace("'", "\\'") + "'");
            s.execute("GRANT ALL PRIVILEGES ON `bs\\_%`.* TO '" + user + "'@'%'");
            s.execute("GRANT SELECT ON mysql.proc TO '" + user + "'@'%'");
            s.execute("FLUSH PRIVILEGES");
        }
    }

    /** CHECKSUM TABLE of every base table, by name. */
    public static Map<String, Long> checksums(String database) throws SQLException {
        Map<String, Long> sums = new LinkedHashMap<>();
        try (Connection c = root(database); Statement s = c.createStatement();
             ResultSet tables = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                     + database + "' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            for (String table : names) {
                try (Statement t = c.createStatement(); ResultSet rs = t.executeQuery("CHECKSUM TABLE `" + table + "`")) {
                    rs.next();
                    sums.put(table, rs.getLong(2));
                }
            }
        }
        return sums;
    }

    public static long scalar(String database, String sql) throws SQLException {
        try (Connection c = root(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static Map<String, Object> target(Path backupDir, String target, String databases, String user, String password) {
        Map<String, Object> p = new HashMap<>();
        p.put("backstop.dir", backupDir.toString());
        p.put("backstop.scheduler.enabled", "false");
        p.put("backstop.targets." + target + ".engine", "mysql");
        p.put("backstop.targets." + target + ".connection.host", HOST);
        p.put("backstop.targets." + target + ".connection.port", String.valueOf(PORT));
        p.put("backstop.targets." + target + ".connection.user", user);
        p.put("backstop.targets." + target + ".connection.password", password);
        p.put("backstop.targets." + target + ".connection.databases", databases);
        return p;
    }
}
