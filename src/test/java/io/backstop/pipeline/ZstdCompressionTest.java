package io.backstop.pipeline;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Verification;
import io.backstop.config.ConfigurationProblems;
import io.backstop.restore.RestoreRequest;
import io.backstop.restore.RestoreService;
import io.backstop.storage.LocalBackupStore;
import io.backstop.support.Daemons;
import io.backstop.support.SqliteFixture;
import io.backstop.verify.Level;
import io.backstop.verify.VerificationService;
import io.micronaut.context.ApplicationContext;
import io.backstop.support.StockTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BACKUP_COMPRESSION=zstd: files end in .zst, the stock zstd reads them, Backstop restores and verifies them. */
class ZstdCompressionTest {
    @TempDir
    Path tmp;

    @Test
    void zstdFilesAreReadByTheStockToolAndRestoredByBackstop() throws Exception {
        Map<String, Object> config = new HashMap<>(Daemons.appIn(tmp));
        config.put("backstop.compression", "zstd");
        Path source = tmp.resolve("app.db");
        String original = SqliteFixture.contentChecksum(source);
        try (ApplicationContext ctx = Daemons.start(config)) {
            BackupRun run = Daemons.backUp(ctx, "app");
            assertTrue(run.file().endsWith(".db.zst"), run.file());
            Path file = tmp.resolve("backups/app").resolve(run.file());
            assertEquals("zst", ctx.getBean(LocalBackupStore.class).manifestFor(file).orElseThrow().codec());

            Path byStock = tmp.resolve("stock.db");
            Files.write(byStock, StockTools.run(List.of("zstd", "-d", "-c", file.toString()), null));
            assertEquals(original, SqliteFixture.contentChecksum(byStock), "zstd -d gives the database back");

            Path restored = tmp.resolve("restored.db");
            ctx.getBean(RestoreService.class).restoreAll(new RestoreRequest(String.valueOf(run.id()), null, restored.toString(),
                    false, false, null, false));
            assertEquals(original, SqliteFixture.contentChecksum(restored));
            for (Level level : Level.values()) {
                Verification v = ctx.getBean(VerificationService.class).verify(String.valueOf(run.id()), level).get(0);
                assertTrue(v.passed(), v.toString());
            }
        }
    }

    @Test
    void aTargetOfItsOwnCompressesWithZstdThenEncrypts() throws Exception {
        Path identity = tmp.resolve("key.txt");
        String recipient = StockTools.ageKeygen(identity);
        Path db = SqliteFixture.create(tmp.resolve("orders.db"), "WAL", 500);
        Map<String, Object> config = Daemons.sqliteTarget(tmp.resolve("backups"), "orders", db);
        config.put("backstop.targets.orders.compression", "zstd");
        config.put("backstop.targets.orders.encrypt-recipients", recipient);
        try (ApplicationContext ctx = Daemons.start(config)) {
            BackupRun run = Daemons.backUp(ctx, "orders");
            assertTrue(run.file().endsWith(".db.zst.age"), run.file());
            byte[] decrypted = StockTools.run(List.of("age", "-d", "-i", identity.toString(),
                    tmp.resolve("backups/orders").resolve(run.file()).toString()), null);
            Path byStock = tmp.resolve("stock.db");
            Files.write(byStock, StockTools.run(List.of("zstd", "-d", "-c"), decrypted));
            assertEquals(SqliteFixture.contentChecksum(db), SqliteFixture.contentChecksum(byStock), "age -d | zstd -d");
        }
    }

    @Test
    void anUnknownCompressionIsNamed() throws Exception {
        Map<String, Object> config = new HashMap<>(Daemons.appIn(tmp));
        config.put("backstop.compression", "lz4");
        config.put("backstop.targets.other.engine", "sqlite");
        config.put("backstop.targets.other.connection.path", tmp.resolve("app.db").toString());
        config.put("backstop.targets.other.compression", "brotli");
        RuntimeException failure = assertThrows(RuntimeException.class, () -> Daemons.start(config).close());
        List<String> problems = ConfigurationProblems.findIn(failure).orElseThrow().problems();
        assertEquals(List.of("BACKUP_COMPRESSION (backstop.compression): one of gzip, zstd, was 'lz4'",
                "backstop.targets.other.compression: gzip or zstd, was 'brotli'"), problems);
    }
}
