package io.backstop.engine;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.Daemons;
import io.backstop.support.SqliteFixture;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteRestoreTest {
    @TempDir
    Path tmp;

    @Test
    void restoredDatabaseEqualsTheOriginalAndExistingDataIsNotOverwrittenWithoutForce() throws Exception {
        Path db = SqliteFixture.create(tmp.resolve("app.db"), "WAL", 5_000);
        String original = SqliteFixture.contentChecksum(db);
        try (ApplicationContext ctx = Daemons.start(Daemons.sqliteTarget(tmp.resolve("backups"), "app", db))) {
            Target target = ctx.getBean(Targets.class).find("app").orElseThrow();
            BackupRun run = ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI);
            assertEquals(RunStatus.SUCCEEDED, run.status(), run.error());
            Path backup = tmp.resolve("backups/app").resolve(run.file());
            BackupEngine engine = ctx.getBean(EngineRegistry.class).require("sqlite");

            Path restored = tmp.resolve("restored.db");
            restore(engine, target, backup, new RestoreOptions(restored.toString(), false));
            assertEquals(original, SqliteFixture.contentChecksum(restored));
            assertEquals(5_000, SqliteFixture.count(restored, "a"));

            try (var c = SqliteFixture.open(restored)) {
                c.createStatement().execute("DELETE FROM a WHERE id % 2 = 0");
            }
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> restore(engine, target, backup, new RestoreOptions(restored.toString(), false)));
            assertTrue(refused.getMessage().contains("--force"), refused.getMessage());
            assertEquals(2_500, SqliteFixture.count(restored, "a"), "a refused restore changes nothing");

            restore(engine, target, backup, new RestoreOptions(restored.toString(), true));
            assertEquals(original, SqliteFixture.contentChecksum(restored));
        }
    }

    private void restore(BackupEngine engine, Target target, Path backup, RestoreOptions options) throws Exception {
        Path scratch = Files.createTempDirectory(tmp, "scratch");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(backup))) {
            engine.restore(target, "", in, options, scratch);
        }
    }
}
