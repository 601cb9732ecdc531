package io.backstop.engine.mysql;

import io.backstop.KillPoint;
import io.backstop.config.Target;
import jakarta.inject.Singleton;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a full verification restores a MySQL/MariaDB dump ({@code VERIFY_MYSQL}): {@code local}, a throwaway
 * {@code mariadbd} of Backstop's own with its datadir in the scratch directory (the default wherever the server binaries
 * are installed), so the production server gets neither load nor objects; or {@code server}, scratch databases
 * {@code backstop_verify_<db>} on {@code VERIFY_MYSQL_HOST}:{@code VERIFY_MYSQL_PORT} (default: the target's server),
 * reached with the target's credentials. Either way events are restored disabled, and the restored views, routines,
 * triggers and events must be the dump's.
 */
@Singleton
class MysqlVerification {
    static final String PREFIX = "backstop_verify_";
    private static final int ACCESS_DENIED_TO_DATABASE = 1044;
    private static final int MAX_NAME_LENGTH = 64;

    /** Loads a dump into a database of a server: the engine's restore, with its client tool. */
    interface Loader {
        void load(MysqlConnection server, String database, InputStream dump) throws Exception;
    }

    private final String mode;
    private final String host;
    private final String port;
    private Optional<ThrowawayMariadb.Binaries> binaries;

    MysqlVerification(MysqlVerifySettings settings) {
        this.mode = settings.placeOrBlank();
        this.host = settings.host() == null ? "" : settings.host().trim();
        this.port = settings.port() == null ? "" : settings.port().trim();
    }

    private synchronized Optional<ThrowawayMariadb.Binaries> binaries() {
        if (binaries == null || binaries.isEmpty()) {
            binaries = ThrowawayMariadb.Binaries.find();
        }
        return binaries;
    }

    /** {@code local} asked for where the server binaries are missing; a bad value is reported by the global check. */
    List<String> problems() {
        if (mode.equals("local") && binaries().isEmpty()) {
            return List.of("VERIFY_MYSQL (backstop.verify.mysql.place): local needs the MariaDB server binaries mariadbd and"
                    + " mariadb-install-db (Debian: apt-get install mariadb-server-core), or set it to server");
        }
        return List.of();
    }

    boolean local() {
        return mode.equals("local") || (mode.isEmpty() && binaries().isPresent());
    }

    Map<String, Long> restoreToScratch(Target target, String database, InputStream dump, Path scratch, Loader loader) throws Exception {
        EventsDisabled filtered = new EventsDisabled(dump);
        if (local()) {
            ThrowawayMariadb.Binaries found = binaries().orElseThrow(() -> new IOException(problems().get(0)));
            try (ThrowawayMariadb server = ThrowawayMariadb.start(found, scratch)) {
                return restoreAndCount(server.connection(), database, filtered, loader);
            }
        }
        String scratchDatabase = PREFIX + database;
        if (scratchDatabase.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("the scratch database name " + scratchDatabase + " is longer than MySQL allows ("
                    + MAX_NAME_LENGTH + "); set VERIFY_MYSQL=local");
        }
        MysqlConnection server = server(target);
        boolean dropped = false;
        try {
            drop(server, scratchDatabase);
            Map<String, Long> rows = restoreAndCount(server, scratchDatabase, filtered, loader);
            drop(server, scratchDatabase);
            dropped = true;
            return rows;
        } catch (SQLException e) {
            if (e.getErrorCode() == ACCESS_DENIED_TO_DATABASE) {
                throw new SQLException("full verification with VERIFY_MYSQL=server needs the CREATE and DROP privileges on `"
                        + PREFIX + "%` for " + server.user() + ": " + e.getMessage(), e);
            }
            throw e;
        } finally {
            if (!dropped) {
                dropAfterFailure(server, scratchDatabase);
            }
        }
    }

    /** The failure that got here is the one to report; a scratch database left over is dropped at the next start. */
    private static void dropAfterFailure(MysqlConnection server, String database) {
        try {
            drop(server, database);
        } catch (SQLException e) {
            LoggerFactory.getLogger(MysqlVerification.class).warn("could not drop the scratch database {} after a failed"
                    + " verification: {}", database, e.getMessage());
        }
    }

    /**
     * Drops the scratch databases a killed server-mode verification left, also after a switch to local (a throwaway
     * server is stopped with its scratch directory).
     */
    void removeLeftovers(Target target) throws Exception {
        MysqlConnection server = server(target);
        List<String> leftovers = new ArrayList<>();
        try (Connection c = server.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW DATABASES LIKE 'backstop\\_verify\\_%'")) {
            while (rs.next()) {
                leftovers.add(rs.getString(1));
            }
        }
        for (String database : leftovers) {
            drop(server, database);
        }
    }

    private MysqlConnection server(Target target) throws IOException {
        MysqlConnection own = MysqlConnection.of(target);
        return new MysqlConnection(host.isEmpty() ? own.host() : host, port.isEmpty() ? own.port() : Integer.parseInt(port),
                own.user(), own.password());
    }

    private static Map<String, Long> restoreAndCount(MysqlConnection server, String database, EventsDisabled dump, Loader loader)
            throws Exception {
        loader.load(server, database, dump);
        KillPoint.reached("verify-restored");
        Set<String> restored = objects(server, database);
        if (!restored.equals(dump.objects())) {
            throw new IOException("the restored views, routines, triggers and events " + restored + " differ from the dump's "
                    + dump.objects());
        }
        return rowsPerTable(server, database);
    }

    private static void drop(MysqlConnection server, String database) throws SQLException {
        if (!database.startsWith(PREFIX)) {
            throw new IllegalArgumentException(database + " is not a scratch database");
        }
        try (Connection c = server.open(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + MysqlEngine.quoteName(database));
        }
    }

    /** Views, routines, triggers and events of a database, as {@code kind:name}. */
    private static Set<String> objects(MysqlConnection server, String database) throws SQLException {
        Set<String> names = new TreeSet<>();
        String[] queries = {
            "SELECT 'view', TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?",
            "SELECT lower(ROUTINE_TYPE), ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
            "SELECT 'trigger', TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
            "SELECT 'event', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?"};
        try (Connection c = server.open()) {
            for (String query : queries) {
                try (PreparedStatement s = c.prepareStatement(query)) {
                    s.setString(1, database);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            names.add(rs.getString(1) + ":" + rs.getString(2));
                        }
                    }
                }
            }
        }
        return names;
    }

    private static Map<String, Long> rowsPerTable(MysqlConnection server, String database) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        try (Connection c = server.open()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement list = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'")) {
                list.setString(1, database);
                try (ResultSet rs = list.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                for (String table : tables) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + MysqlEngine.quoteName(database) + "."
                            + MysqlEngine.quoteName(table))) {
                        rs.next();
                        rows.put(table, rs.getLong(1));
                    }
                }
            }
        }
        return rows;
    }
}
