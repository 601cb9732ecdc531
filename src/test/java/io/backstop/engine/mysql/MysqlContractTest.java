package io.backstop.engine.mysql;

import io.backstop.engine.EngineContract;
import io.backstop.support.MariaDb;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The engine contract on the shared MariaDB, as a user with a password. */
class MysqlContractTest extends EngineContract {
    static final String USER = "bs_contract";
    static final String PASSWORD = "my-contract \"s3cret\" #;\\x";
    final List<String> databases = new ArrayList<>();
    String source;

    @Override
    protected Map<String, Object> config(Path backupDir) throws Exception {
        if (source == null) {
            source = newDatabase();
            MariaDb.ensureUser(USER, PASSWORD);
            try (Connection c = MariaDb.root(source); Statement s = c.createStatement()) {
                s.execute("SET SESSION max_recursive_iterations = 1000000");
                s.execute("CREATE TABLE orders (id INT PRIMARY KEY, item VARCHAR(64), qty INT)");
                s.execute("INSERT INTO orders WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)"
                        + " SELECT i, MD5(i), i % 9 FROM n");
            }
            // by the backup user, as an application's own views are: a view defined by root needs SUPER to restore
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:mysql://" + MariaDb.HOST + ":" + MariaDb.PORT + "/"
                    + source, USER, PASSWORD); Statement s = c.createStatement()) {
                s.execute("CREATE VIEW big_orders AS SELECT * FROM orders WHERE qty > 5");
            }
        }
        return MariaDb.target(backupDir, TARGET, source, USER, PASSWORD);
    }

    private String newDatabase() throws Exception {
        String db = MariaDb.newDatabase();
        databases.add(db);
        return db;
    }

    @Override
    protected void cleanUp() {
        MariaDb.drop(databases.toArray(String[]::new));
    }

    @Override
    protected Map<String, String> snapshotOfSource() throws Exception {
        return snapshotOf(source);
    }

    @Override
    protected String newDestination() throws Exception {
        String db = newDatabase();
        MariaDb.drop(db);
        return db;
    }

    @Override
    protected Map<String, String> snapshotOf(String destination) throws Exception {
        Map<String, String> state = new TreeMap<>();
        MariaDb.checksums(destination).forEach((table, sum) -> state.put("table " + table, String.valueOf(sum)));
        state.put("views", String.valueOf(MariaDb.scalar(destination,
                "SELECT count(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '" + destination + "'")));
        return state;
    }

    @Override
    protected void fill(String destination) throws Exception {
        MariaDb.execute("CREATE DATABASE " + destination);
        MariaDb.execute("CREATE TABLE " + destination + ".mine (v VARCHAR(20))");
        MariaDb.execute("INSERT INTO " + destination + ".mine VALUES ('precious')");
    }

    @Override
    protected void breakDump(Map<String, Object> config) {
        config.put("backstop.targets." + TARGET + ".connection.databases", source + ",bs_does_not_exist");
    }

    /** Options under which mysqldump succeeds and writes nothing at all. */
    @Override
    protected void emptyDump(Map<String, Object> config) {
        config.put("backstop.targets." + TARGET + ".connection.dump-options",
                "--no-create-info --no-data --skip-routines --skip-triggers --skip-events --compact");
    }

    @Override
    protected Optional<String> secret() {
        return Optional.of(PASSWORD);
    }

    @Override
    protected Optional<String> toolProcess() {
        return Optional.of("--defaults-extra-file=");
    }
}
