package io.backstop.catalog;

import io.backstop.config.Targets;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.Daemons;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A missing or damaged catalog is rebuilt from the manifests, and backing up goes on. */
class CatalogRecoveryTest {
    @TempDir
    Path tmp;

    private Map<String, Object> config() throws Exception {
        return Daemons.appIn(tmp);
    }

    private List<BackupRun> twoBackups() throws Exception {
        try (ApplicationContext ctx = Daemons.start(config())) {
            var target = ctx.getBean(Targets.class).find("app").orElseThrow();
            BackupRun first = ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI);
            Thread.sleep(1000);
            BackupRun second = ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI);
            return List.of(second, first);
        }
    }

    private void assertRebuiltFrom(List<BackupRun> originals) throws Exception {
        try (ApplicationContext ctx = Daemons.start(config())) {
            List<BackupRun> rebuilt = ctx.getBean(Catalog.class).recent("app", 10).stream()
                    .sorted(Comparator.comparing(BackupRun::startedAt).reversed()).toList();
            assertEquals(originals.size(), rebuilt.size());
            for (int i = 0; i < originals.size(); i++) {
                BackupRun before = originals.get(i);
                BackupRun after = rebuilt.get(i);
                assertEquals(RunStatus.SUCCEEDED, after.status());
                assertEquals(before.file(), after.file());
                assertEquals(before.sha256(), after.sha256());
                assertEquals(before.bytes(), after.bytes());
                assertEquals(before.rawBytes(), after.rawBytes());
                assertEquals(before.startedAt(), after.startedAt());
                assertEquals(before.finishedAt(), after.finishedAt());
            }
            var target = ctx.getBean(Targets.class).find("app").orElseThrow();
            assertEquals(RunStatus.SUCCEEDED, ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI).status(),
                    "backing up goes on with the rebuilt catalog");
        }
    }

    @Test
    void missingCatalogIsRebuilt() throws Exception {
        List<BackupRun> originals = twoBackups();
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(tmp.resolve("backups/catalog.db" + suffix));
        }
        assertRebuiltFrom(originals);
    }

    @Test
    void damagedCatalogIsMovedAsideAndRebuilt() throws Exception {
        List<BackupRun> originals = twoBackups();
        for (String suffix : List.of("-wal", "-shm")) {
            Files.deleteIfExists(tmp.resolve("backups/catalog.db" + suffix));
        }
        Files.write(tmp.resolve("backups/catalog.db"), "definitely not sqlite ".repeat(500).getBytes());
        assertRebuiltFrom(originals);
        try (Stream<Path> files = Files.list(tmp.resolve("backups"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("catalog.db.damaged-")),
                    "the damaged catalog is kept for inspection");
        }
    }

    @Test
    void aRestartMarksRunsLeftOpenAsInterrupted() throws Exception {
        long openId;
        try (ApplicationContext ctx = Daemons.start(config())) {
            openId = ctx.getBean(Catalog.class).save(BackupRun.queued("app", "sqlite", "api", java.time.Instant.now()).running(java.time.Instant.now())).id();
        }
        Map<String, Object> daemon = config();
        daemon.put("backstop.scheduler.enabled", "true");
        daemon.put("backstop.targets.app.schedule", "0 0 1 1 *");
        try (var server = ApplicationContext.run(io.micronaut.runtime.server.EmbeddedServer.class, daemon, "test")) {
            BackupRun run = server.getApplicationContext().getBean(Catalog.class).find(openId).orElseThrow();
            assertEquals(RunStatus.INTERRUPTED, run.status());
        }
    }
}
