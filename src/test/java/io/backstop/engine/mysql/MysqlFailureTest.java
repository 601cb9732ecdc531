package io.backstop.engine.mysql;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.MariaDb;
import io.backstop.support.SqliteFixture;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a MySQL dump can fail is a failed run with the real cause, no file that looks complete, and the
 * earlier good backup untouched.
 */
class MysqlFailureTest {
    static final String USER = "bs_backup";
    static final String PASSWORD = "Pa55 \"quoted\" #not-a-comment \\ 'single' ;x";

    @TempDir
    Path tmp;
    String db;

    @BeforeEach
    void database() throws Exception {
        db = MariaDb.newDatabase();
        MariaDb.ensureUser(USER, PASSWORD);
        try (Connection c = MariaDb.root(db); Statement s = c.createStatement()) {
            s.execute("SET SESSION max_recursive_iterations = 10000000");
            s.execute("CREATE TABLE big (id INT PRIMARY KEY, payload VARCHAR(200))");
            s.execute("INSERT INTO big WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"
                    + " SELECT i, CONCAT(SHA2(i, 256), ' row ', i) FROM n");
        }
    }

    @AfterEach
    void drop() {
        MariaDb.drop(db);
    }

    private void assertFailsAndKeepsEarlierBackup(Consumer<Map<String, Object>> breakage, String expectedCause) throws Exception {
        Map<String, Object> config = MariaDb.target(tmp.resolve("backups"), "shop", db, USER, PASSWORD);
        BackupRun good;
        try (ApplicationContext ctx = ApplicationContext.run(config, "test")) {
            good = ctx.getBean(RunCoordinator.class).runNow(target(ctx), Trigger.CLI);
            assertEquals(RunStatus.SUCCEEDED, good.status(), good.error());
        }
        Path goodFile = tmp.resolve("backups/shop").resolve(good.file());
        String goodSha = SqliteFixture.sha256(goodFile);
        Thread.sleep(1000);

        breakage.accept(config);
        try (ApplicationContext ctx = ApplicationContext.run(config, "test")) {
            BackupRun failed = ctx.getBean(RunCoordinator.class).runNow(target(ctx), Trigger.CLI);
            assertEquals(RunStatus.FAILED, failed.status());
            assertTrue(failed.error().contains(expectedCause), () -> "cause names the problem: " + failed.error());
            assertTrue(!failed.error().contains(PASSWORD), "no password in the error");
        }
        try (Stream<Path> files = Files.list(tmp.resolve("backups/shop"))) {
            assertEquals(List.of(good.file(), good.file() + ".manifest.json"),
                    files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList());
        }
        assertEquals(goodSha, SqliteFixture.sha256(goodFile), "the earlier backup is untouched");
        assertTrue(Files.list(Path.of(System.getProperty("java.io.tmpdir"))).noneMatch(p -> p.getFileName().toString().startsWith("backstop-mysql-")
                && p.toFile().lastModified() > System.currentTimeMillis() - 60_000), "the credentials file is gone");
    }

    private static Target target(ApplicationContext ctx) {
        return ctx.getBean(Targets.class).find("shop").orElseThrow();
    }

    @Test
    void wrongPassword() throws Exception {
        assertFailsAndKeepsEarlierBackup(c -> c.put("backstop.targets.shop.connection.password", "wrong"), "Access denied");
    }

    @Test
    void serverDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        int port = closedPort;
        assertFailsAndKeepsEarlierBackup(c -> c.put("backstop.targets.shop.connection.port", String.valueOf(port)),
                "Can't connect");
    }

    @Test
    void databaseThatDoesNotExist() throws Exception {
        assertFailsAndKeepsEarlierBackup(c -> c.put("backstop.targets.shop.connection.databases", "bs_does_not_exist"),
                "Unknown database 'bs_does_not_exist'");
    }

    @Test
    void dumpKilledHalfway() throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        assertFailsAndKeepsEarlierBackup(c -> {
            Thread killer = new Thread(() -> {
                // a table lock holds the dump mid-way, so it is surely still running when it is killed
                try (Connection holder = MariaDb.root(db); Statement lock = holder.createStatement()) {
                    lock.execute("LOCK TABLES big WRITE");
                    long deadline = System.currentTimeMillis() + 60_000;
                    while (!killed.get() && System.currentTimeMillis() < deadline) {
                        ProcessHandle.current().descendants()
                                .filter(p -> p.info().command().map(cmd -> cmd.endsWith("-dump") || cmd.endsWith("mysqldump")).orElse(false))
                                // the dump itself, not the --help/--version probes
                                .filter(p -> p.info().arguments().map(args -> args.length > 0 && args[0].startsWith("--defaults-extra-file")).orElse(false))
                                .findFirst()
                                .ifPresent(dump -> killed.set(dump.destroyForcibly()));
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "dump-killer");
            killer.setDaemon(true);
            killer.start();
        }, "killed by signal 9");
        assertTrue(killed.get(), "the dump was killed while it ran");
    }

}
