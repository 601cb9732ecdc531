package io.backstop.engine.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** What Backstop asks a PostgreSQL server over JDBC: its version, its databases, and scratch and restore databases. */
final class PostgresServer {
    static final String MAINTENANCE_DATABASE = "postgres";

    private final PostgresSettings settings;

    PostgresServer(PostgresSettings settings) {
        this.settings = settings;
    }

    Connection open(String database) throws SQLException, IOException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "backstop");
        String url = "jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/";
        try {
            return DriverManager.getConnection(url + encode(database), properties);
        } catch (SQLException e) {
            throw new SQLException("cannot connect to PostgreSQL " + settings.server() + " (database " + database + "): "
                    + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** The server's version as {@code server_version_num} says it, e.g. 150020. */
    record Version(int number, String text) {
        int major() {
            return number / 10000;
        }
    }

    Version version() throws SQLException, IOException {
        try (Connection c = open(MAINTENANCE_DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int, current_setting('server_version')")) {
            rs.next();
            return new Version(rs.getInt(1), rs.getString(2));
        }
    }

    /** Every database that accepts connections, templates left out. */
    List<String> databases() throws SQLException, IOException {
        List<String> names = new ArrayList<>();
        try (Connection c = open(MAINTENANCE_DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE NOT datistemplate AND datallowconn ORDER BY datname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    boolean isSuperuser() throws SQLException, IOException {
        try (Connection c = open(MAINTENANCE_DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    boolean exists(String database) throws SQLException, IOException {
        try (Connection c = open(MAINTENANCE_DATABASE);
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Tables, views, sequences and functions outside the system schemas; extensions' own objects do not count. */
    long userObjects(String database) throws SQLException, IOException {
        try (Connection c = open(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                           AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
                           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e'))
                     + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e'))
                     + (SELECT count(*) FROM pg_largeobject_metadata)""")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void create(String database) throws SQLException, IOException {
        try (Connection c = open(MAINTENANCE_DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + quote(database));
        }
    }

    /** Ends the sessions on it too: a restore with --force replaces the database. */
    void drop(String database) throws SQLException, IOException {
        try (Connection c = open(MAINTENANCE_DATABASE); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
        }
    }

    List<String> databasesStartingWith(String prefix) throws SQLException, IOException {
        List<String> names = new ArrayList<>();
        try (Connection c = open(MAINTENANCE_DATABASE);
             PreparedStatement s = c.prepareStatement("SELECT datname FROM pg_database WHERE starts_with(datname, ?)")) {
            s.setString(1, prefix);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** Rows per table, named as pg_dump names them in its COPY lines, so the counts compare with a dump's. */
    Map<String, Long> rowsPerTable(String database) throws SQLException, IOException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = open(database)) {
            List<String> tables = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                       AND n.nspname NOT LIKE 'pg\\_toast%' ORDER BY 1""")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            try (Statement s = c.createStatement()) {
                for (String table : tables) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM ONLY " + table)) {
                        rs.next();
                        rows.put(table, rs.getLong(1));
                    }
                }
            }
        }
        return rows;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String encode(String database) {
        return java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
