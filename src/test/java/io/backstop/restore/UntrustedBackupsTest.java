package io.backstop.restore;

import io.backstop.restore.RestoreRequest;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Targets;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.Daemons;
import io.backstop.support.LogCapture;
import io.backstop.support.SqliteFixture;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files on the volume and rows in the catalog are untrusted input: a restore verifies, and never reads outside BACKUP_DIR. */
class UntrustedBackupsTest {
    @TempDir
    Path tmp;

    private Map<String, Object> config() throws Exception {
        return Daemons.appIn(tmp);
    }

    private BackupRun backUp(ApplicationContext ctx) throws Exception {
        var target = ctx.getBean(Targets.class).find("app").orElseThrow();
        BackupRun run = ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI);
        assertEquals(RunStatus.SUCCEEDED, run.status(), run.error());
        return run;
    }

    @Test
    void aFileReplacedAfterItsManifestWasRemovedIsCheckedAgainstTheCatalogAndRefused() throws Exception {
        try (ApplicationContext ctx = Daemons.start(config())) {
            BackupRun first = backUp(ctx);
            Thread.sleep(1100);
            try (var c = SqliteFixture.open(tmp.resolve("app.db"))) {
                c.createStatement().execute("DELETE FROM b WHERE rowid % 2 = 0"); // the second backup differs
            }
            BackupRun second = backUp(ctx);
            Path firstFile = tmp.resolve("backups/app").resolve(first.file());
            Path secondFile = tmp.resolve("backups/app").resolve(second.file());
            Files.delete(firstFile.resolveSibling(first.file() + ".manifest.json"));
            Files.copy(secondFile, firstFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            RestoreService restores = ctx.getBean(RestoreService.class);
            Path copy = tmp.resolve("copy.db");
            RestoreException refused = assertThrows(RestoreException.class,
                    () -> restores.restoreAll(new RestoreRequest(String.valueOf(first.id()), null, copy.toString(), false, false, null, false)));
            assertTrue(refused.getMessage().contains("does not match its catalog record"), refused.getMessage());
            assertFalse(Files.exists(copy), "nothing restored");

            // an intact file without its manifest is verified against the catalog
            Files.delete(secondFile.resolveSibling(second.file() + ".manifest.json"));
            var done = restores.restoreAll(new RestoreRequest(String.valueOf(second.id()), null, copy.toString(), false, false, null, false));
            assertEquals("SHA-256 matched the catalog (no manifest)", done.get(0).verification());
        }
    }

    @Test
    void aFileNeitherManifestNorCatalogKnowsIsRestoredOnlyWithNoVerify() throws Exception {
        Path stray;
        try (ApplicationContext ctx = Daemons.start(config())) {
            BackupRun run = backUp(ctx);
            stray = Files.copy(tmp.resolve("backups/app").resolve(run.file()), tmp.resolve("app_backup_20200101_000000.db.gz"));
            RestoreService restores = ctx.getBean(RestoreService.class);
            Path copy = tmp.resolve("copy.db");
            RestoreException refused = assertThrows(RestoreException.class,
                    () -> restores.restoreAll(new RestoreRequest(stray.toString(), "app", copy.toString(), false, false, null, false)));
            assertTrue(refused.getMessage().contains("cannot be verified; restore it anyway with --no-verify"), refused.getMessage());
            assertFalse(Files.exists(copy));
            var done = restores.restoreAll(new RestoreRequest(stray.toString(), "app", copy.toString(), false, true, null, false));
            assertTrue(done.get(0).verification().startsWith("NOT verified"), done.get(0).verification());
            assertEquals(SqliteFixture.contentChecksum(tmp.resolve("app.db")), SqliteFixture.contentChecksum(copy));
        }
    }

    @Test
    void plantedManifestsAreReportedAndSkippedAndCatalogRowsCannotPointOutsideTheVolume() throws Exception {
        Path outside = Files.writeString(tmp.resolve("secret.db.gz"), "not yours");
        Path dir = Files.createDirectories(tmp.resolve("backups/app"));
        Path planted = dir.resolve("app_backup_20200101_000000.db.gz");
        Files.writeString(planted, "planted");
        Files.writeString(dir.resolve("app_backup_20200101_000000.db.gz.manifest.json"), """
                {"version":2,"target":"../..","engine":"sqlite","part":"","file":"../../secret.db.gz","codec":"gz",
                 "startedAt":"2020-01-01T00:00:00Z","finishedAt":"2020-01-01T00:00:01Z","rawBytes":1,"bytes":9,
                 "sha256":"%s","toolVersions":{},"backstopVersion":"x","runKey":"k","runParts":[""]}
                """.formatted("0".repeat(64)));
        try (LogCapture logs = new LogCapture(); ApplicationContext ctx = Daemons.start(config())) {
            assertTrue(logs.lines().stream().anyMatch(l -> l.startsWith("WARN skipping manifest " + dir.resolve(
                    "app_backup_20200101_000000.db.gz.manifest.json") + ": target '../..' is not a valid target name")), logs.lines().toString());
            Catalog catalog = ctx.getBean(Catalog.class);
            assertEquals(List.of(), catalog.recent("app", 10), "nothing imported from the planted manifest");
            assertFalse(Files.exists(planted), "a final-named file without a valid manifest or record is removed");

            Instant now = Instant.now();
            BackupRun forged = catalog.save(new BackupRun(null, "app", "sqlite", RunStatus.SUCCEEDED, "api", now, now, now,
                    1L, 9L, null, "../../secret.db.gz", null));
            RestoreException refused = assertThrows(RestoreException.class, () -> ctx.getBean(RestoreService.class)
                    .restoreAll(new RestoreRequest(String.valueOf(forged.id()), null, tmp.resolve("x.db").toString(), false, true, null, false)));
            assertTrue(refused.getMessage().contains("the catalog's record of run " + forged.id() + " is not valid"), refused.getMessage());
            BackupRun forgedTarget = catalog.save(new BackupRun(null, "../..", "sqlite", RunStatus.SUCCEEDED, "api", now, now, now,
                    1L, 9L, null, "secret.db.gz", null));
            refused = assertThrows(RestoreException.class, () -> ctx.getBean(RestoreService.class)
                    .restoreAll(new RestoreRequest(String.valueOf(forgedTarget.id()), null, tmp.resolve("x.db").toString(), false, true, null, false)));
            assertTrue(refused.getMessage().contains("not valid"), refused.getMessage());
            assertEquals("not yours", Files.readString(outside));
        }
    }
}
