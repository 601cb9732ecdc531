package io.backstop.pipeline;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.Daemons;
import io.backstop.support.SqliteFixture;
import io.backstop.support.Tmpfs;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run that fails at any step is recorded as failed with its real cause, leaves no file that looks like a
 * finished backup (nor a partial or scratch file), and leaves the earlier good backup untouched.
 */
class FailedRunTest {
    @TempDir
    Path tmp;
    Path db;
    Path backups;

    @BeforeEach
    void database() throws Exception {
        db = SqliteFixture.create(tmp.resolve("app.db"), "DELETE", 2_000);
        backups = tmp.resolve("backups");
    }

    @Test
    void sourceThatIsNotADatabase() throws Exception {
        assertFailureKeepsEarlierBackup(() -> Files.write(db, "this is not an SQLite file at all, just text".repeat(200).getBytes()),
                "not a database");
    }

    @Test
    void sourceDamagedInTheMiddle() throws Exception {
        assertFailureKeepsEarlierBackup(() -> {
            try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
                long pages = file.length() / 4096;
                for (long page = 2; page < pages; page += 3) {
                    file.seek(page * 4096);
                    file.write(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3, 4});
                }
            }
        }, "malformed");
    }

    @Test
    void volumeFillsUpWhileWriting() throws Exception {
        Path targetDir = backups.resolve("app");
        try (Tmpfs volume = Tmpfs.mount(targetDir, "6m")) {
            assertFailureKeepsEarlierBackup(() -> {
                // ~4 MB of incompressible rows: the staged copy fits, the compressed stream after it does not
                try (Connection c = SqliteFixture.open(db); Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE noise AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
                            + " SELECT i, randomblob(1000) AS junk FROM n");
                }
            }, "No space left on device");
        }
    }

    @Test
    void volumeFillsUpDuringTheSqliteSnapshot() throws Exception {
        Path targetDir = backups.resolve("app");
        try (Tmpfs volume = Tmpfs.mount(targetDir, "6m")) {
            assertFailureKeepsEarlierBackup(() -> {
                // ~8 MB: the snapshot itself does not fit, and the cause must name the backup volume, not the source
                try (Connection c = SqliteFixture.open(db); Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE noise AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000)"
                            + " SELECT i, randomblob(1000) AS junk FROM n");
                }
            }, "the backup volume (BACKUP_DIR) is full");
        }
    }

    @Test
    void volumeThatIsReadOnly() throws Exception {
        Path targetDir = backups.resolve("app");
        try (Tmpfs volume = Tmpfs.mount(targetDir, "16m")) {
            assertFailureKeepsEarlierBackup(volume::remountReadOnly, "Read-only file system");
        }
    }

    interface Breakage {
        void apply() throws Exception;
    }

    private void assertFailureKeepsEarlierBackup(Breakage breakage, String expectedCause) throws Exception {
        try (ApplicationContext ctx = Daemons.start(Daemons.sqliteTarget(backups, "app", db))) {
            Target target = ctx.getBean(Targets.class).find("app").orElseThrow();
            RunCoordinator coordinator = ctx.getBean(RunCoordinator.class);
            BackupRun good = coordinator.runNow(target, Trigger.CLI);
            assertEquals(RunStatus.SUCCEEDED, good.status(), good.error());
            Path goodFile = backups.resolve("app").resolve(good.file());
            String goodSha = SqliteFixture.sha256(goodFile);

            breakage.apply();
            Thread.sleep(1100); // a new second, so the failed run would get a file name of its own

            BackupRun failed = coordinator.runNow(target, Trigger.CLI);
            assertEquals(RunStatus.FAILED, failed.status());
            assertTrue(failed.error() != null && failed.error().contains(expectedCause),
                    () -> "the recorded cause names the problem: " + failed.error());
            assertEquals(failed, ctx.getBean(Catalog.class).find(failed.id()).orElseThrow(), "the catalog holds the failure");

            try (Stream<Path> files = Files.list(backups.resolve("app"))) {
                List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".backstop.lock")).sorted().toList();
                assertEquals(List.of(good.file(), good.file() + ".manifest.json"), names,
                        "only the earlier backup and its manifest remain: no partial, no scratch, nothing finished-looking");
            }
            assertEquals(goodSha, SqliteFixture.sha256(goodFile), "the earlier backup is untouched");
        }
    }
}
