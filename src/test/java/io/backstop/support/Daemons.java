package io.backstop.support;

import io.micronaut.context.ApplicationContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Real application contexts on a temporary backup volume, with the cron scheduler off unless asked for. */
public final class Daemons {
    private Daemons() {
    }

    public static Map<String, Object> sqliteTarget(Path backupDir, String target, Path database) {
        Map<String, Object> p = new HashMap<>();
        p.put("backstop.dir", backupDir.toString());
        p.put("backstop.targets." + target + ".engine", "sqlite");
        p.put("backstop.targets." + target + ".connection.path", database.toString());
        p.put("backstop.scheduler.enabled", "false");
        return p;
    }

    /** Target {@code app} on {@code <dir>/app.db} (made with 50 rows on first use), backed up into {@code <dir>/backups}. */
    public static Map<String, Object> appIn(Path dir) throws Exception {
        Path db = dir.resolve("app.db");
        return sqliteTarget(dir.resolve("backups"), "app", java.nio.file.Files.exists(db) ? db : SqliteFixture.create(db, "WAL", 50));
    }

    /** Backs a target up now, in the calling thread, and insists that it succeeded. */
    public static io.backstop.catalog.BackupRun backUp(ApplicationContext ctx, String target) throws Exception {
        var run = ctx.getBean(io.backstop.schedule.RunCoordinator.class).runNow(
                ctx.getBean(io.backstop.config.Targets.class).find(target).orElseThrow(), io.backstop.schedule.Trigger.CLI);
        org.junit.jupiter.api.Assertions.assertEquals(io.backstop.catalog.RunStatus.SUCCEEDED, run.status(), run.error());
        return run;
    }

    public static ApplicationContext start(Map<String, Object> properties) {
        return ApplicationContext.run(properties, "test");
    }
}
