package io.backstop.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Retention deletes only what this parser accepts, so it must accept exactly Backstop's own files. */
class BackupFileNameTest {
    static final Instant T = Instant.parse("2026-11-22T09:05:07Z");

    @Test
    void formatsInUtcAndParsesBack() {
        assertEquals("latest.crm.sql.gz", BackupFileName.parse("mysql", "mysql_backup_20261122_090507-3.crm.sql.gz").orElseThrow().latestName());
        assertEquals("app_backup_20261122_090507.db.gz", BackupFileName.format("app", T, 0, "", "db", "gz"));
        assertEquals("app_backup_20261122_090507-2.sql.gz", BackupFileName.format("app", T, 2, "", "sql", "gz"));
        assertEquals("mysql_backup_20261122_090507.shop_1.sql.gz", BackupFileName.format("mysql", T, 0, "shop_1", "sql", "gz"));
        assertEquals(Optional.of(new BackupFileName.Parsed(T, 0, "", ".db.gz")), BackupFileName.parse("app", "app_backup_20261122_090507.db.gz"));
        assertEquals(Optional.of(new BackupFileName.Parsed(T, 2, "", ".archive.gz")), BackupFileName.parse("app", "app_backup_20261122_090507-2.archive.gz"));
        assertEquals(Optional.of(new BackupFileName.Parsed(T, 0, "", ".sql.zst")), BackupFileName.parse("app", "app_backup_20261122_090507.sql.zst"));
        assertEquals(Optional.of(new BackupFileName.Parsed(T, 0, "shop_1", ".shop_1.sql.gz")), BackupFileName.parse("mysql", "mysql_backup_20261122_090507.shop_1.sql.gz"));
        assertEquals(Optional.of(new BackupFileName.Parsed(T, 3, "crm", ".crm.sql.gz")), BackupFileName.parse("mysql", "mysql_backup_20261122_090507-3.crm.sql.gz"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "app_backup_20261122_090507.db.gz.partial",
            "app_backup_20261122_090507.db.gz.manifest.json",
            "app_backup_20261122_090507.db",
            "app_backup_20261322_090507.db.gz",
            "app_backup_20261122_250507.db.gz",
            "app_backup_2026112_0905071.db.gz",
            "app_backup_20261122_090507-0.db.gz",
            "app_backup_20261122_090507-x.db.gz",
            "app_backup_20261122_090507.DB.GZ",
            "app_backup_20261122_090507.db.gz~",
            "app_backup_20261122_090507 copy.db.gz",
            "other_backup_20261122_090507.db.gz",
            "app2_backup_20261122_090507.db.gz",
            "app_x_backup_20261122_090507.db.gz",
            "myapp_backup_20261122_090507.db.gz",
            "app_backup_.db.gz",
            "app_backup_20261122_090507.tar.gz.bak",
            "app_backup_20261122_090507.a.b.sql.gz",
            "app_backup_20261122_090507.sh op.sql.gz",
            ".app_backup_20261122_090507.db.gz",
            "app.db.gz",
            "catalog.db",
            ".backstop.lock"})
    void rejectsEverythingElse(String name) {
        assertEquals(Optional.empty(), BackupFileName.parse("app", name), name);
    }

    @Test
    void storeListsOnlyFinishedBackupsOfTheTarget(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        for (String name : List.of("app_backup_20261122_090507.db.gz", "app_backup_20261121_090507.db.gz",
                "app_backup_20261122_090508.db.gz.partial", "app_backup_20261122_090507.db.gz.manifest.json",
                "notes.txt", "app_x_backup_20261122_090507.db.gz")) {
            Files.writeString(app.resolve(name), "x");
        }
        Files.createDirectories(app.resolve("app_backup_20261120_090507.db.gz"));
        var config = new io.backstop.config.BackstopConfig();
        config.setDir(dir);
        var store = new LocalBackupStore(config, null);
        assertEquals(List.of("app_backup_20261121_090507.db.gz", "app_backup_20261122_090507.db.gz"),
                store.list("app").stream().map(b -> b.file().getFileName().toString()).toList());
    }
}
