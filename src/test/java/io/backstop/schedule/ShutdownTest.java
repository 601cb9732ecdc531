package io.backstop.schedule;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Targets;
import io.backstop.support.MariaDb;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping the daemon during a dump: after the grace period the run is aborted cleanly and recorded. */
class ShutdownTest {
    @TempDir
    Path tmp;
    String db;

    @AfterEach
    void drop() {
        MariaDb.drop(db);
    }

    @Test
    void aRunStillGoingAfterTheGracePeriodIsKilledCleanedUpAndRecordedAsInterrupted() throws Exception {
        db = MariaDb.newDatabase();
        MariaDb.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        MariaDb.execute("INSERT INTO " + db + ".t VALUES (1), (2), (3)");
        Map<String, Object> config = MariaDb.target(tmp.resolve("backups"), "shop", db, "root", "");
        config.put("backstop.shutdown-grace", "1s");
        long runId;
        try (Connection holder = MariaDb.root(db); Statement lock = holder.createStatement()) {
            lock.execute("LOCK TABLES t WRITE"); // the dump waits on this lock: it cannot end by itself
            ApplicationContext ctx = ApplicationContext.run(config, "test");
            var target = ctx.getBean(Targets.class).find("shop").orElseThrow();
            runId = ctx.getBean(RunCoordinator.class).submit(target, Trigger.API).id();
            for (int i = 0; i < 100 && dumps().isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertEquals(1, dumps().size(), "the dump is running");
            ctx.close();
            assertEquals(List.of(), dumps(), "the dump process was killed");
            lock.execute("UNLOCK TABLES");
        }
        try (Stream<Path> files = Files.list(tmp.resolve("backups/shop"))) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> !n.equals(".backstop.lock")).toList(),
                    "no partial file, no scratch directory");
        }
        Map<String, Object> daemon = MariaDb.target(tmp.resolve("backups"), "shop", db, "root", "");
        daemon.put("backstop.scheduler.enabled", "true");
        daemon.put("backstop.schedule", "0 0 1 1 *");
        // what a SIGKILL mid-run would leave behind
        Path partial = Files.writeString(tmp.resolve("backups/shop/shop_backup_20260101_000000." + db + ".sql.gz.partial"), "half");
        Path scratch = Files.createDirectories(tmp.resolve("backups/shop/.scratch-123"));
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, daemon, "test")) {
            assertTrue(Files.notExists(partial) && Files.notExists(scratch), "the next start is clean");
            BackupRun run = server.getApplicationContext().getBean(Catalog.class).find(runId).orElseThrow();
            assertEquals(RunStatus.INTERRUPTED, run.status(), String.valueOf(run.error()));
            assertTrue(run.error().contains("stopped during the run"), run.error());
        }
    }

    private static List<ProcessHandle> dumps() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.isAlive() && p.info().command().map(c -> c.endsWith("-dump") || c.endsWith("mysqldump")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> a.length > 0 && a[0].startsWith("--defaults-extra-file")).orElse(false))
                .toList();
    }
}
