package io.backstop.verify;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.Verification;
import io.backstop.config.Targets;
import io.backstop.schedule.FreshnessCheck;
import io.backstop.support.Daemons;
import io.backstop.support.MariaDb;
import io.backstop.support.SqliteFixture;
import io.backstop.support.Tampering;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quick verification finds damage its checksum alone would not, records it, and a failed backup stops counting as good. */
class QuickVerificationTest {
    @TempDir
    Path tmp;
    final List<String> databases = new ArrayList<>();

    @AfterEach
    void drop() {
        MariaDb.drop(databases.toArray(String[]::new));
    }

    @Test
    void sqliteCountsAreRecordedAndCheckedAndDamageIsFound() throws Exception {
        try (ApplicationContext ctx = Daemons.start(Daemons.appIn(tmp))) {
            BackupRun good = Daemons.backUp(ctx, "app");
            List<Verification> afterBackup = ctx.getBean(Catalog.class).verificationsOf(good.id());
            assertEquals(1, afterBackup.size(), "every backup is read back once it is written");
            assertTrue(afterBackup.get(0).passed(), afterBackup.get(0).error());
            assertTrue(afterBackup.get(0).startedAt().isBefore(good.finishedAt()),
                    "the file is read back while it is written, not after");
            String counts = "a=" + SqliteFixture.count(tmp.resolve("app.db"), "a") + ", b=" + SqliteFixture.count(tmp.resolve("app.db"), "b");
            assertEquals(counts, afterBackup.get(0).counts());
            assertTrue(Files.readString(tmp.resolve("backups/app").resolve(good.file() + ".manifest.json"))
                    .contains("\"counts\":{"), "the manifest records the counts");

            Thread.sleep(1100);
            BackupRun damaged = Daemons.backUp(ctx, "app");
            Path file = tmp.resolve("backups/app").resolve(damaged.file());
            // a damaged page inside a valid gzip whose SHA-256 matches: only the engine's own check can see it
            Tampering.rewriteContent(file, db -> {
                byte[] copy = db.clone();
                for (int page = 1; page * 4096 + 64 < copy.length; page++) {
                    Arrays.fill(copy, page * 4096 + 16, page * 4096 + 64, (byte) 0x5a);
                }
                return copy;
            });
            List<Verification> check = ctx.getBean(VerificationService.class).verify("app", io.backstop.verify.Level.QUICK);
            assertEquals(1, check.size());
            assertFalse(check.get(0).passed());
            assertTrue(check.get(0).error().contains("not a sound SQLite database") || check.get(0).error().contains("integrity_check"),
                    check.get(0).error());
            assertEquals(good.startedAt().getEpochSecond(), ctx.getBean(FreshnessCheck.class).check(
                    ctx.getBean(Targets.class).find("app").orElseThrow()).newestBackup().getEpochSecond(),
                    "the failed backup no longer counts as the newest good one");
        }
    }

    @Test
    void aByteFlippedInTheFileFailsOnTheChecksum() throws Exception {
        try (ApplicationContext ctx = Daemons.start(Daemons.appIn(tmp))) {
            BackupRun run = Daemons.backUp(ctx, "app");
            Path file = tmp.resolve("backups/app").resolve(run.file());
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(file, bytes);
            Verification check = ctx.getBean(VerificationService.class).verify(String.valueOf(run.id()), io.backstop.verify.Level.QUICK).get(0);
            assertFalse(check.passed());
            assertTrue(check.error().contains("the file is damaged"), check.error());
            assertEquals(check, ctx.getBean(Catalog.class).verificationsOf(run.id()).get(1), "recorded in the catalog");
        }
    }

    @Test
    void aMysqlDumpCutAfterAnInsertFailsEvenWithAMatchingChecksum() throws Exception {
        String db = MariaDb.newDatabase();
        databases.add(db);
        try (Connection c = MariaDb.root(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100))");
            s.execute("INSERT INTO t VALUES (1, 'plain'), (2, 'a (tricky), ''quoted'' value'), (3, 'back\\\\slash \\' quote'), (4, NULL)");
            s.execute("CREATE TABLE u (id INT PRIMARY KEY)");
            s.execute("INSERT INTO u VALUES (1), (2)");
            s.execute("CREATE TABLE empty (id INT)");
        }
        Map<String, Object> config = MariaDb.target(tmp.resolve("backups"), "shop", db, "root", "");
        try (ApplicationContext ctx = Daemons.start(config)) {
            BackupRun run = Daemons.backUp(ctx, "shop");
            Verification after = ctx.getBean(Catalog.class).verificationsOf(run.id()).get(0);
            assertEquals("t=4, u=2", after.counts(), "rows counted from the dump's INSERTs, quotes and escapes followed");

            Path file = tmp.resolve("backups/shop").resolve(run.file());
            Tampering.rewriteContent(file, dump -> {
                String text = new String(dump, StandardCharsets.UTF_8);
                return text.substring(0, text.indexOf("\n", text.indexOf("INSERT INTO `t`")) + 1).getBytes(StandardCharsets.UTF_8);
            });
            Verification cut = ctx.getBean(VerificationService.class).verify("shop", io.backstop.verify.Level.QUICK).get(0);
            assertFalse(cut.passed());
            assertTrue(cut.error().contains("lacks mysqldump's '-- Dump completed' trailer"), cut.error());
        }
    }
}
