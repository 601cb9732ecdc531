package io.backstop.engine.postgres;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Targets;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.FakeTools;
import io.backstop.support.PostgreSql;
import io.backstop.support.SqliteFixture;
import io.backstop.support.ThrowawayPostgres;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a PostgreSQL dump can fail is a failed run with the real cause, no file that looks complete, and the earlier
 * good backup untouched. The server checks passwords (a throwaway one with scram-sha-256), so the password file is proven
 * to work and a wrong password to fail. An empty dump is {@link PostgresContractTest}'s.
 */
class PostgresFailureTest {
    static final String PASSWORD = "Pa55:\"quoted\" \\ 'single' ;x#";
    static ThrowawayPostgres server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        server = ThrowawayPostgres.start(PASSWORD);
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
        }
        try (Connection c = server.connect("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big AS SELECT i AS id, md5(i::text) AS payload FROM generate_series(1, 200000) i");
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void running() throws Exception {
        try (Connection ignored = server.connect("postgres")) {
            // up
        } catch (Exception down) {
            server.startServer();
        }
    }

    private Map<String, Object> config() {
        return PostgreSql.target(tmp.resolve("backups"), "shop", PostgreSql.HOST, server.port(), ThrowawayPostgres.USER, PASSWORD, "shop");
    }

    private void assertFailsAndKeepsEarlierBackup(Consumer<Map<String, Object>> breakage, String expectedCause) throws Exception {
        Map<String, Object> config = config();
        BackupRun good;
        try (ApplicationContext ctx = ApplicationContext.run(config, "test")) {
            good = runNow(ctx);
            assertEquals(RunStatus.SUCCEEDED, good.status(), good.error());
        }
        List<String> goodFiles = List.of(good.file().split(","));
        Path goodFile = tmp.resolve("backups/shop").resolve(goodFiles.get(1));
        String goodSha = SqliteFixture.sha256(goodFile);
        Thread.sleep(1000);

        breakage.accept(config);
        try (ApplicationContext ctx = ApplicationContext.run(config, "test")) {
            BackupRun failed = runNow(ctx);
            assertEquals(RunStatus.FAILED, failed.status());
            assertTrue(failed.error().contains(expectedCause), () -> "cause names the problem: " + failed.error());
            assertFalse(failed.error().contains(PASSWORD), "no password in the error");
        }
        try (Stream<Path> files = Files.list(tmp.resolve("backups/shop"))) {
            assertEquals(Stream.concat(goodFiles.stream(), goodFiles.stream().map(f -> f + ".manifest.json")).sorted().toList(),
                    files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList());
        }
        assertEquals(goodSha, SqliteFixture.sha256(goodFile), "the earlier backup is untouched");
        assertNoPasswordFileLeft();
    }

    static void assertNoPasswordFileLeft() throws Exception {
        Path secrets = Path.of(System.getProperty("java.io.tmpdir"), "backstop-secrets-" + System.getProperty("user.name"));
        if (Files.isDirectory(secrets)) {
            try (Stream<Path> all = Files.walk(secrets)) {
                List<Path> left = all.filter(p -> p.getFileName().toString().equals("pgpass")).toList();
                assertEquals(List.of(), left, "the password files are deleted after the run");
            }
        }
    }

    private static BackupRun runNow(ApplicationContext ctx) throws Exception {
        return ctx.getBean(RunCoordinator.class).runNow(ctx.getBean(Targets.class).find("shop").orElseThrow(), Trigger.CLI);
    }

    @Test
    void wrongPassword() throws Exception {
        assertFailsAndKeepsEarlierBackup(c -> c.put("backstop.targets.shop.connection.password", "wrong"),
                "password authentication failed for user \"postgres\"");
    }

    @Test
    void serverDown() throws Exception {
        assertFailsAndKeepsEarlierBackup(c -> {
            try {
                server.stopServer();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "cannot connect to PostgreSQL postgres@127.0.0.1:" + server.port());
    }

    @Test
    void nothingListens() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        int port = closedPort;
        assertFailsAndKeepsEarlierBackup(c -> c.put("backstop.targets.shop.connection.port", String.valueOf(port)),
                "Connection to 127.0.0.1:" + port + " refused");
    }

    @Test
    void databaseThatDoesNotExist() throws Exception {
        assertFailsAndKeepsEarlierBackup(c -> c.put("backstop.targets.shop.connection.databases", "shop,bs_does_not_exist"),
                "database \"bs_does_not_exist\" does not exist");
    }

    @Test
    void dumpKilledHalfway() throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        assertFailsAndKeepsEarlierBackup(c -> {
            Thread killer = new Thread(() -> {
                // an exclusive lock holds pg_dump at its LOCK TABLE, so it is surely still running when it is killed
                try (Connection holder = server.connect("shop"); Statement lock = holder.createStatement()) {
                    holder.setAutoCommit(false);
                    lock.execute("LOCK TABLE big IN ACCESS EXCLUSIVE MODE");
                    locked.countDown();
                    long deadline = System.currentTimeMillis() + 60_000;
                    while (!killed.get() && System.currentTimeMillis() < deadline) {
                        ProcessHandle.current().descendants()
                                .filter(p -> p.info().command().map(cmd -> cmd.endsWith("/pg_dump")).orElse(false))
                                // the database's dump, not pg_dumpall's `pg_dump -V` probe nor a --version check
                                .filter(p -> p.info().arguments().map(args -> List.of(args).stream()
                                        .anyMatch(a -> a.startsWith("--dbname="))).orElse(false))
                                .findFirst()
                                .ifPresent(dump -> killed.set(dump.destroyForcibly()));
                        Thread.sleep(20);
                    }
                    holder.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "dump-killer");
            killer.setDaemon(true);
            killer.start();
            try {
                // the run starts only once the lock is held: a dump that starts earlier may finish before it is killed
                assertTrue(locked.await(30, java.util.concurrent.TimeUnit.SECONDS), "the table lock was taken");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "killed by signal 9");
        assertTrue(killed.get(), "the dump was killed while it ran");
    }

    /** A stand-in for an old client (only one PostgreSQL version can be installed here): it reports 9.6. */
    @Test
    void pgDumpOlderThanTheServerIsNamedWithBothVersions() throws Exception {
        Path tools = FakeTools.postgres(tmp.resolve("tools"), """
                #!/bin/sh
                if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) 9.6.24"; exit 0; fi
                exit 1
                """);
        assertFailsAndKeepsEarlierBackup(c -> c.put("backstop.targets.shop.connection.tools-dir", tools.toString()),
                "pg_dump 9.6.24 (" + tools.resolve("pg_dump") + ") is older than the server postgres@127.0.0.1:" + server.port()
                        + " (PostgreSQL 1");
    }
}
