package io.backstop.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The real PostgreSQL at 127.0.0.1:5432 (user postgres, trust) that CI starts; every test uses databases of its own. */
public final class PostgreSql {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5432;

    private PostgreSql() {
    }

    public static Connection connect(String database) throws SQLException {
        return connect(HOST, PORT, "postgres", "", database);
    }

    public static Connection connect(String host, int port, String user, String password, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }

    public static String newDatabase() throws SQLException {
        String name = "bs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("postgres", "CREATE DATABASE " + name);
        return name;
    }

    public static void drop(String... databases) {
        for (String database : databases) {
            if (database != null) {
                try {
                    execute("postgres", "DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
                } catch (SQLException ignored) {
                    // best effort cleanup
                }
            }
        }
    }

    public static void execute(String database, String... statements) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    public static long scalar(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static boolean exists(String database) throws SQLException {
        return scalar("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'") == 1;
    }

    /**
     * What a database holds, as text to compare: per table its row count and an md5 over its rows in order, each
     * sequence's last value, and the definitions of views, functions, triggers and extensions, and the large objects.
     */
    public static Map<String, String> snapshot(String database) throws SQLException {
        try (Connection c = connect(database)) {
            return snapshot(c);
        }
    }

    public static Map<String, String> snapshot(Connection c) throws SQLException {
        Map<String, String> state = new TreeMap<>();
        try (Statement s = c.createStatement()) {
            List<String> tables = strings(s, "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables"
                    + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
            for (String table : tables) {
                state.put("table " + table, strings(s, "SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(t::text, E'\\n'"
                        + " ORDER BY t::text)), '-') FROM " + table + " t").get(0));
            }
            for (String sequence : strings(s, "SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences ORDER BY 1")) {
                state.put("sequence " + sequence, strings(s, "SELECT last_value || ' ' || is_called FROM " + sequence).get(0));
            }
            state.put("views", String.join("\n", strings(s, "SELECT viewname || ': ' || definition FROM pg_views"
                    + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")));
            state.put("functions", String.join("\n", strings(s, "SELECT pg_get_functiondef(p.oid) FROM pg_proc p"
                    + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') ORDER BY 1")));
            state.put("triggers", String.join("\n", strings(s, "SELECT pg_get_triggerdef(oid) FROM pg_trigger"
                    + " WHERE NOT tgisinternal ORDER BY 1")));
            state.put("extensions", String.join(",", strings(s, "SELECT extname FROM pg_extension ORDER BY 1")));
            state.put("large objects", String.join(",", strings(s, "SELECT oid || '=' || md5(lo_get(oid))"
                    + " FROM pg_largeobject_metadata ORDER BY oid")));
        }
        return state;
    }

    private static List<String> strings(Statement s, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    public static Map<String, Object> target(Path backupDir, String target, String databases) {
        return target(backupDir, target, HOST, PORT, "postgres", "", databases);
    }

    public static Map<String, Object> target(Path backupDir, String target, String host, int port, String user,
                                             String password, String databases) {
        Map<String, Object> p = new HashMap<>();
        String prefix = "backstop.targets." + target + ".";
        p.put("backstop.dir", backupDir.toString());
        p.put("backstop.scheduler.enabled", "false");
        p.put(prefix + "engine", "postgres");
        p.put(prefix + "connection.host", host);
        p.put(prefix + "connection.port", String.valueOf(port));
        p.put(prefix + "connection.user", user);
        if (!password.isEmpty()) {
            p.put(prefix + "connection.password", password);
        }
        p.put(prefix + "connection.databases", databases);
        return p;
    }
}
