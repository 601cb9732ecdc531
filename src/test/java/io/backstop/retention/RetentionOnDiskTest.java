package io.backstop.retention;

import io.backstop.catalog.RunStatus;
import io.backstop.config.Targets;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.Daemons;
import io.backstop.support.SqliteFixture;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** After a successful run, expired backups and their manifests go; nothing else in the directory is touched. */
class RetentionOnDiskTest {
    @TempDir
    Path tmp;

    private Map<String, Object> at(Duration offset, int retentionDays) throws Exception {
        Path db = tmp.resolve("app.db");
        Map<String, Object> p = Daemons.sqliteTarget(tmp.resolve("backups"), "app",
                Files.exists(db) ? db : SqliteFixture.create(db, "WAL", 50));
        p.put("test.clock", "mutable");
        p.put("test.clock.start-offset", offset.toString());
        p.put("backstop.targets.app.retention-days", String.valueOf(retentionDays));
        return p;
    }

    private RunStatus runAt(Duration offset) throws Exception {
        return runAt(offset, 7);
    }

    private RunStatus runAt(Duration offset, int retentionDays) throws Exception {
        try (ApplicationContext ctx = Daemons.start(at(offset, retentionDays))) {
            var target = ctx.getBean(Targets.class).find("app").orElseThrow();
            return ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI).status();
        }
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(tmp.resolve("backups/app"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void expiredBackupsGoOnlyAfterASuccessAndForeignFilesStay() throws Exception {
        for (int daysAgo : new int[] {20, 10, 3}) {
            assertEquals(RunStatus.SUCCEEDED, runAt(Duration.ofDays(-daysAgo), 365));
        }
        List<String> backups = files().stream().filter(n -> n.endsWith(".gz")).toList();
        assertEquals(3, backups.size(), "a year's retention kept all three: " + files());
        Path app = tmp.resolve("backups/app");
        Files.writeString(app.resolve("app_backup_manual-copy.db.gz"), "operator's own file");
        Files.writeString(app.resolve("notes.txt"), "keep me");
        Files.writeString(app.resolve("app_backup_20200101_000000.db.gz.bak"), "keep me too");

        Files.writeString(tmp.resolve("app.db"), "broken ".repeat(1000));
        for (String s : List.of("-wal", "-shm")) {
            Files.deleteIfExists(tmp.resolve("app.db" + s));
        }
        assertEquals(RunStatus.FAILED, runAt(Duration.ZERO));
        assertEquals(3, files().stream().filter(n -> n.endsWith(".db.gz") && n.matches("app_backup_\\d{8}_\\d{6}\\.db\\.gz")).count(),
                "a failed run deletes nothing");

        SqliteFixture.create(Files.createDirectories(tmp.resolve("fresh")).resolve("app.db"), "DELETE", 5);
        Files.copy(tmp.resolve("fresh/app.db"), tmp.resolve("app.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(RunStatus.SUCCEEDED, runAt(Duration.ZERO));
        List<String> left = files();
        List<String> ours = left.stream().filter(n -> n.matches("app_backup_\\d{8}_\\d{6}\\.db\\.gz(\\.manifest\\.json)?")).toList();
        assertEquals(4, ours.size(), "the new backup and the 3-day-old one, with manifests: " + left);
        assertEquals(List.of(backups.get(2), backups.get(2) + ".manifest.json"), ours.subList(0, 2),
                "the 20- and 10-day-old backups are gone, the 3-day-old one stays: " + left);
        assertEquals(true, left.containsAll(List.of("app_backup_manual-copy.db.gz", "notes.txt", "app_backup_20200101_000000.db.gz.bak")),
                "files Backstop did not make are never deleted: " + left);
    }
}
