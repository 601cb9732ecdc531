package io.backstop.engine.postgres;

import io.backstop.engine.EngineContract;
import io.backstop.support.FakeTools;
import io.backstop.support.PostgreSql;
import io.backstop.support.ThrowawayPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine contract on a PostgreSQL server that checks the password (scram-sha-256). */
class PostgresContractTest extends EngineContract {
    static final String PASSWORD = "pg-contract:s3cret\\ \"x\"";
    static final AtomicInteger destinations = new AtomicInteger();
    static ThrowawayPostgres server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ThrowawayPostgres.start(PASSWORD);
        execute("postgres", "CREATE DATABASE source");
        execute("source", "CREATE TABLE orders (id int PRIMARY KEY, item text, qty int, tags text[])",
                "INSERT INTO orders SELECT i, md5(i::text), i % 9, ARRAY['t' || (i % 5)] FROM generate_series(1, 200000) i",
                "CREATE VIEW big_orders AS SELECT * FROM orders WHERE qty > 5");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static void execute(String database, String... statements) throws Exception {
        try (Connection c = server.connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Override
    protected Map<String, Object> config(Path backupDir) {
        return PostgreSql.target(backupDir, TARGET, PostgreSql.HOST, server.port(), ThrowawayPostgres.USER, PASSWORD, "source");
    }

    @Override
    protected Map<String, String> snapshotOfSource() throws Exception {
        return snapshotOf("source");
    }

    @Override
    protected String newDestination() {
        return "restored_" + destinations.incrementAndGet();
    }

    @Override
    protected Map<String, String> snapshotOf(String destination) throws Exception {
        try (Connection c = server.connect(destination)) {
            return PostgreSql.snapshot(c);
        }
    }

    @Override
    protected void fill(String destination) throws Exception {
        execute("postgres", "CREATE DATABASE " + destination);
        execute(destination, "CREATE TABLE mine (v text)", "INSERT INTO mine VALUES ('precious')");
    }

    @Override
    protected void breakDump(Map<String, Object> config) {
        config.put("backstop.targets." + TARGET + ".connection.databases", "source,does_not_exist");
    }

    /** pg_dump exits 0 having written nothing. */
    @Override
    protected void emptyDump(Map<String, Object> config) throws Exception {
        Path tools = FakeTools.postgres(tmp.resolve("tools"), """
                #!/bin/sh
                if [ "$1" = "--version" ]; then exec REAL_PG_DUMP --version; fi
                exit 0
                """);
        config.put("backstop.targets." + TARGET + ".connection.tools-dir", tools.toString());
    }

    @Override
    protected Optional<String> secret() {
        return Optional.of(PASSWORD);
    }

    @Override
    protected Optional<String> toolProcess() {
        return Optional.of("--dbname=source");
    }
}
