package io.backstop.schedule;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Targets;
import io.backstop.support.Daemons;
import io.backstop.support.SqliteFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatchUpTest {
    @TempDir
    Path tmp;

    @Test
    void isDueOnlyWhenTheNewestBackupPredatesTheLastFireTime() {
        CronSchedule sixHourly = CronSchedule.parse("0 */6 * * *", ZoneId.of("UTC"));
        Instant now = Instant.parse("2026-11-22T13:30:00Z");
        assertTrue(CatchUp.isDue(Optional.empty(), sixHourly, now), "never backed up");
        assertTrue(CatchUp.isDue(Optional.of(Instant.parse("2026-11-22T11:59:59Z")), sixHourly, now), "missed the 12:00 run");
        assertFalse(CatchUp.isDue(Optional.of(Instant.parse("2026-11-22T12:00:00Z")), sixHourly, now), "the 12:00 run happened");
        assertFalse(CatchUp.isDue(Optional.of(Instant.parse("2026-11-22T13:00:00Z")), sixHourly, now));
    }

    @Test
    void theConfiguredTimeZoneDecidesTheFireTimes() {
        CronSchedule dailyAt2 = CronSchedule.parse("0 2 * * *", ZoneId.of("Europe/Berlin"));
        assertEquals(Instant.parse("2026-11-22T01:00:00Z"), dailyAt2.previousBefore(Instant.parse("2026-11-22T12:00:00Z")));
        assertEquals(Instant.parse("2026-07-01T00:00:00Z"), dailyAt2.nextAfter(Instant.parse("2026-06-30T12:00:00Z")), "summer time");
        assertEquals(Duration.ofHours(24), dailyAt2.intervalAround(Instant.parse("2026-11-22T12:00:00Z")));
    }

    private EmbeddedServer daemon(Map<String, Object> extra) throws Exception {
        Map<String, Object> p = Daemons.sqliteTarget(tmp.resolve("backups"), "app", db());
        p.put("backstop.scheduler.enabled", "true");
        p.put("backstop.targets.app.schedule", "0 * * * *");
        p.putAll(extra);
        return ApplicationContext.run(EmbeddedServer.class, p, "test");
    }

    private Path db() throws Exception {
        Path db = tmp.resolve("app.db");
        return java.nio.file.Files.exists(db) ? db : SqliteFixture.create(db, "WAL", 100);
    }

    private static List<BackupRun> awaitRuns(ApplicationContext ctx, int count) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            List<BackupRun> runs = ctx.getBean(Catalog.class).recent("app", 10);
            if (runs.size() >= count && runs.stream().allMatch(r -> r.status().finished())) {
                return runs;
            }
            Thread.sleep(100);
        }
        return ctx.getBean(Catalog.class).recent("app", 10);
    }

    @Test
    void runsAtStartUpWhenThereIsNoBackupYet() throws Exception {
        try (EmbeddedServer server = daemon(Map.of())) {
            List<BackupRun> runs = awaitRuns(server.getApplicationContext(), 1);
            assertEquals(1, runs.size());
            assertEquals("catch-up", runs.get(0).triggeredBy());
            assertEquals(RunStatus.SUCCEEDED, runs.get(0).status(), runs.get(0).error());
        }
    }

    @Test
    void runsAtStartUpWhenAScheduledRunWasMissedAndNotOtherwise() throws Exception {
        try (ApplicationContext first = ApplicationContext.run(Daemons.sqliteTarget(tmp.resolve("backups"), "app", db()), "test")) {
            var target = first.getBean(Targets.class).find("app").orElseThrow();
            assertEquals(RunStatus.SUCCEEDED, first.getBean(RunCoordinator.class).runNow(target, Trigger.CLI).status());
        }
        // restarted within the same hour: the newest backup is newer than the last fire time
        try (EmbeddedServer server = daemon(Map.of("backstop.targets.app.schedule", "0 0 1 1 *"))) {
            Thread.sleep(2000);
            assertEquals(1, server.getApplicationContext().getBean(Catalog.class).recent("app", 10).size(), "no catch-up run");
        }
        // restarted two hours later: the hourly runs in between were missed
        try (EmbeddedServer server = daemonStartingLater(Duration.ofHours(2))) {
            List<BackupRun> runs = awaitRuns(server.getApplicationContext(), 2);
            assertEquals(2, runs.size(), runs.toString());
            assertEquals("catch-up", runs.get(0).triggeredBy());
            assertEquals(RunStatus.SUCCEEDED, runs.get(0).status(), runs.get(0).error());
        }
    }

    /** A daemon whose clock is already {@code ahead} when it starts, as if the machine had been off. */
    private EmbeddedServer daemonStartingLater(Duration ahead) throws Exception {
        Map<String, Object> p = Daemons.sqliteTarget(tmp.resolve("backups"), "app", db());
        p.put("backstop.scheduler.enabled", "true");
        p.put("backstop.targets.app.schedule", "0 * * * *");
        p.put("test.clock", "mutable");
        p.put("test.clock.start-offset", ahead.toString());
        return ApplicationContext.run(EmbeddedServer.class, p, "test");
    }
}
