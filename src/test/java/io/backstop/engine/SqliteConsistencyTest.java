package io.backstop.engine;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Targets;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.Daemons;
import io.backstop.support.SqliteFixture;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backups taken while another connection keeps committing must each be a consistent database: every
 * transaction adds one row to each of two tables, so the two counts must always match.
 */
class SqliteConsistencyTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void everyBackupTakenDuringWritesIsConsistent(String journalMode) throws Exception {
        Path db = SqliteFixture.create(tmp.resolve("app.db"), journalMode, 20_000);
        List<BackupRun> runs = new ArrayList<>();
        try (ApplicationContext ctx = Daemons.start(Daemons.sqliteTarget(tmp.resolve("backups"), "app", db));
             SqliteFixture.Writer writer = new SqliteFixture.Writer(db)) {
            RunCoordinator coordinator = ctx.getBean(RunCoordinator.class);
            var target = ctx.getBean(Targets.class).find("app").orElseThrow();
            while (writer.commits() < 50) {
                Thread.sleep(10);
            }
            for (int i = 0; i < 5; i++) {
                runs.add(coordinator.runNow(target, Trigger.CLI));
                Thread.sleep(100);
            }
            assertTrue(writer.commits() > 100, "the writer kept committing during the backups");
        }

        long previousRows = 0;
        for (BackupRun run : runs) {
            assertEquals(RunStatus.SUCCEEDED, run.status(), () -> "run failed: " + run.error());
            Path gz = tmp.resolve("backups/app").resolve(run.file());
            assertEquals(run.sha256(), SqliteFixture.sha256(gz), "recorded SHA-256 is the file's");
            assertEquals(run.bytes(), Files.size(gz));
            Path copy = SqliteFixture.gunzip(gz, tmp.resolve("check-" + run.id() + ".db"));
            assertEquals(run.rawBytes(), Files.size(copy));
            assertEquals("ok", SqliteFixture.integrity(copy));
            long a = SqliteFixture.count(copy, "a");
            long b = SqliteFixture.count(copy, "b");
            assertEquals(a, b, "both tables of one backup come from the same transaction");
            assertTrue(a >= previousRows + 1 || a > 20_000, "later backups include later commits");
            previousRows = a;
        }
        assertTrue(previousRows > 20_000, "the backups contain rows the writer added");
    }
}
