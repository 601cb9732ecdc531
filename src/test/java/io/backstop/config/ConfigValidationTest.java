package io.backstop.config;

import io.backstop.support.SqliteFixture;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad configuration stops start-up with one line per problem, each naming the key the operator wrote. */
class ConfigValidationTest {
    @TempDir
    Path tmp;

    private List<String> problems(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putIfAbsent("backstop.dir", tmp.resolve("backups").toString());
        all.put("backstop.scheduler.enabled", "false");
        RuntimeException failure = assertThrows(RuntimeException.class, () -> ApplicationContext.run(all, "test").close());
        return ConfigurationProblems.findIn(failure)
                .orElseThrow(() -> new AssertionError("start-up failed without naming the problems", failure))
                .problems();
    }

    private Path db(String name) throws Exception {
        return SqliteFixture.create(tmp.resolve(name), "DELETE", 1);
    }

    @Test
    void unknownEngine() throws Exception {
        assertEquals(List.of("backstop.targets.shop.engine: unknown engine 'oracle'; one of [mongodb, mysql, postgres, sqlite]"),
                problems(Map.of("backstop.targets.shop.engine", "oracle", "backstop.targets.shop.connection.path", db("s.db").toString())));
    }

    @Test
    void badCronInATargetAndInTheGlobalSchedule() throws Exception {
        List<String> target = problems(Map.of("backstop.targets.shop.engine", "sqlite",
                "backstop.targets.shop.connection.path", db("s.db").toString(), "backstop.targets.shop.schedule", "61 * * * *"));
        assertEquals(1, target.size(), target.toString());
        assertTrue(target.get(0).startsWith("backstop.targets.shop.schedule: invalid cron '61 * * * *'"), target.get(0));

        List<String> global = problems(Map.of("backstop.sqlite-path", db("g.db").toString(), "backstop.schedule", "every day"));
        assertEquals(1, global.size(), global.toString());
        assertTrue(global.get(0).startsWith("BACKUP_SCHEDULE (backstop.schedule): invalid cron 'every day'"), global.get(0));
    }

    @Test
    void negativeRetentionAndZeroKeepMin() throws Exception {
        assertEquals(List.of("BACKUP_RETENTION_DAYS (backstop.retention-days): must be 0 or more days, was -1",
                        "BACKUP_KEEP_MIN (backstop.keep-min): must be at least 1 (the newest good backup is never deleted), was 0"),
                problems(Map.of("backstop.sqlite-path", db("a.db").toString(), "backstop.retention-days", "-1", "backstop.keep-min", "0")));
        assertEquals(List.of("backstop.targets.shop.retention-days: must be 0 or more days, was -3"),
                problems(Map.of("backstop.targets.shop.engine", "sqlite", "backstop.targets.shop.connection.path",
                        db("s.db").toString(), "backstop.targets.shop.retention-days", "-3")));
    }

    @Test
    void duplicateTargetNames() throws Exception {
        Path first = db("app.db");
        Path other = java.nio.file.Files.createDirectories(tmp.resolve("other"));
        Path second = SqliteFixture.create(other.resolve("app.db"), "DELETE", 1);
        assertEquals(List.of("SQLITE_PATH: duplicate target name 'app' (also defined by SQLITE_PATH)"),
                problems(Map.of("backstop.sqlite-path", first + "," + second)));
        assertEquals(List.of("backstop.targets.app: duplicate target name 'app' (also defined by SQLITE_PATH)"),
                problems(Map.of("backstop.sqlite-path", first.toString(),
                        "backstop.targets.app.engine", "sqlite", "backstop.targets.app.connection.path", second.toString())));
    }

    @Test
    void missingDatabaseFile() {
        assertEquals(List.of("SQLITE_PATH: file not found: /nonexistent/sessions.db"),
                problems(Map.of("backstop.sqlite-path", "/nonexistent/sessions.db")));
        assertEquals(List.of("backstop.targets.x.connection.path: missing; the path of the SQLite database file"),
                problems(Map.of("backstop.targets.x.engine", "sqlite")));
    }

    @Test
    void mysqlSimpleModeNamesTheEnvironmentVariables() {
        List<String> problems = problems(Map.of("backstop.mysql.host", "127.0.0.1", "backstop.mysql.port", "33o6",
                "backstop.mysql.password-file", "/run/secrets/nope", "backstop.mysql.db", "shop,bad name"));
        assertEquals(List.of("MYSQL_PORT: not a port number: '33o6'",
                "MYSQL_PASSWORD_FILE: file not found or not readable: /run/secrets/nope",
                "MYSQL_DB: 'bad name' is not a database name Backstop can put in a file name (letters, digits, _, $, -)"), problems);
    }

    @Test
    void binlogCaptureSettingsAreCheckedAndNamed() throws Exception {
        assertEquals(List.of("BINLOG_CAPTURE: true or false, was 'maybe'"),
                problems(Map.of("backstop.mysql.host", "127.0.0.1", "backstop.mysql.binlog-capture", "maybe")));
        assertEquals(List.of("BINLOG_SERVER_ID: a server id from 1 to 4294967295, was '0'"),
                problems(Map.of("backstop.mysql.host", "127.0.0.1", "backstop.mysql.binlog-capture", "true",
                        "backstop.mysql.binlog-server-id", "0")));
        assertEquals(List.of("backstop.targets.app.binlog.enabled: the sqlite engine has no transaction log Backstop can capture"
                        + " (only mysql has: its binlog)"),
                problems(Map.of("backstop.targets.app.engine", "sqlite", "backstop.targets.app.connection.path", db("b.db").toString(),
                        "backstop.targets.app.binlog.enabled", "true")));
        assertEquals(List.of("BINLOG_MAX_LAG (backstop.binlog.max-lag): a duration such as 30s, 90m, 24h or 2d, was 'soon'"),
                problems(Map.of("backstop.mysql.host", "127.0.0.1", "backstop.binlog.max-lag", "soon")));
    }

    @Test
    void mongoSimpleModeNamesTheEnvironmentVariablesAndMasksThePassword() {
        List<String> bad = problems(Map.of("backstop.mongo.uri", "mongodb://app:hunter2@db:notaport/x"));
        assertEquals(1, bad.size(), bad.toString());
        assertTrue(bad.get(0).startsWith("MONGO_URI: not a MongoDB connection string"), bad.get(0));
        assertTrue(!bad.get(0).contains("hunter2") && bad.get(0).contains("app:***@db"), bad.get(0));
        assertEquals(List.of("MONGO_MODE: mode mongodump needs mongodump and mongorestore on PATH (the MongoDB Database Tools);"
                        + " use mode auto or native without them"),
                problems(Map.of("backstop.mongo.uri", "mongodb://127.0.0.1:27017", "backstop.mongo.mode", "mongodump")));
        assertEquals(List.of("MONGO_MODE: unknown mode 'fast'; one of auto, mongodump, native"),
                problems(Map.of("backstop.mongo.uri", "mongodb://127.0.0.1:27017", "backstop.mongo.mode", "fast")));
    }

    @Test
    void postgresSimpleModeNamesItsVariablesAndFallsBackToLibpqNames() {
        assertEquals(List.of("PG_PORT: not a port number: '54x2'",
                        "PG_PASSWORD_FILE: file not found or not readable: /run/secrets/nope",
                        "PG_DB: 'bad name' is not a database name Backstop can put in a file name (letters, digits, _, $, -; not _globals)",
                        "PG_FORMAT: 'tar' is not a pg_dump format Backstop writes; plain or custom"),
                problems(Map.of("backstop.postgres.host", "db", "backstop.postgres.port", "54x2",
                        "backstop.postgres.password-file", "/run/secrets/nope", "backstop.postgres.db", "app, bad name",
                        "backstop.postgres.format", "tar")));
        assertEquals(List.of("PGPORT: not a port number: 'five'", "PGDATABASE: '_globals' is not a database name Backstop can"
                        + " put in a file name (letters, digits, _, $, -; not _globals)"),
                problems(Map.of("backstop.postgres.libpq.host", "db", "backstop.postgres.libpq.port", "five",
                        "backstop.postgres.libpq.db", "_globals")));
        assertEquals(List.of("PG_PORT: not a port number: 'x'"), problems(Map.of("backstop.postgres.libpq.host", "db",
                "backstop.postgres.port", "x", "backstop.postgres.libpq.port", "5432")), "PG_PORT wins over PGPORT");
    }

    @Test
    void verificationPlacesAreCheckedAndNamed() throws Exception {
        assertEquals(List.of("VERIFY_MYSQL (backstop.verify.mysql.place): local or server, was 'elsewhere'",
                        "VERIFY_MYSQL_PORT (backstop.verify.mysql.port): not a number: 'x'"),
                problems(Map.of("backstop.sqlite-path", db("v.db").toString(), "backstop.verify.mysql.place", "elsewhere",
                        "backstop.verify.mysql.port", "x")));
        List<String> mongo = problems(Map.of("backstop.mongo.uri", "mongodb://127.0.0.1:27017",
                "backstop.verify.mongo.uri", "mongodb://v:s3cret@scratch:port/"));
        assertEquals(1, mongo.size(), mongo.toString());
        assertTrue(mongo.get(0).startsWith("VERIFY_MONGO_URI (backstop.verify.mongo.uri): not a MongoDB connection string")
                && mongo.get(0).contains("v:***@scratch") && !mongo.get(0).contains("s3cret"), mongo.get(0));
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        List<String> all = problems(Map.of(
                "backstop.sqlite-path", "/nonexistent/a.db",
                "backstop.gzip-level", "12",
                "backstop.time-zone", "Mars/Olympus",
                "backstop.targets.b.engine", "nosuch",
                "backstop.targets.c.engine", "sqlite",
                "backstop.targets.c.connection.path", db("c.db").toString(),
                "backstop.targets.c.schedule", "* * *"));
        assertEquals(5, all.size(), String.join("\n", all));
        assertTrue(all.contains("TZ (backstop.time-zone): unknown time zone 'Mars/Olympus'"), all.toString());
        assertTrue(all.contains("BACKUP_GZIP_LEVEL (backstop.gzip-level): must be 1..9, was '12'"), all.toString());
        assertTrue(all.contains("SQLITE_PATH: file not found: /nonexistent/a.db"), all.toString());
        assertTrue(all.stream().anyMatch(l -> l.startsWith("backstop.targets.b.engine: unknown engine 'nosuch'")), all.toString());
        assertTrue(all.stream().anyMatch(l -> l.startsWith("backstop.targets.c.schedule: invalid cron")), all.toString());
    }

    @Test
    void aValidConfigurationStarts() throws Exception {
        Map<String, Object> ok = new HashMap<>(Map.of("backstop.dir", tmp.resolve("b").toString(),
                "backstop.sqlite-path", db("sessions.db") + " , " + db("cache.sqlite3"),
                "backstop.targets.orders.engine", "sqlite",
                "backstop.targets.orders.connection.path", db("o.db").toString(),
                "backstop.targets.orders.schedule", "*/15 * * * *",
                "backstop.targets.orders.retention-days", "30",
                "backstop.scheduler.enabled", "false"));
        try (ApplicationContext ctx = ApplicationContext.run(ok, "test")) {
            Targets targets = ctx.getBean(Targets.class);
            assertEquals(List.of("sessions", "cache", "orders"), targets.all().stream().map(Target::name).toList());
            Target orders = targets.find("orders").orElseThrow();
            assertEquals("*/15 * * * *", orders.schedule().expression());
            assertEquals(30, orders.retentionDays());
            assertEquals("0 */6 * * *", targets.find("sessions").orElseThrow().schedule().expression());
            assertEquals(7, targets.find("sessions").orElseThrow().retentionDays());
        }
        ok.put("backstop.mysql.host", "127.0.0.1");
        ok.put("backstop.mysql.db", "shop, crm");
        try (ApplicationContext ctx = ApplicationContext.run(ok, "test")) {
            Target mysql = ctx.getBean(Targets.class).find("mysql").orElseThrow();
            assertEquals("mysql", mysql.engine());
            assertEquals("shop, crm", mysql.setting("databases"));
            assertEquals(false, mysql.toString().contains("127.0.0.1"), "connection settings stay out of toString");
        }
    }

    @Test
    void s3ValuesOfTheWrongTypeOrRangeAreNamedWithWhatIsExpected() throws Exception {
        List<String> problems = problems(Map.of("backstop.sqlite-path", db("s3t.db").toString(), "backstop.s3.bucket", "b-1",
                "backstop.s3.retention-days", "-1", "backstop.s3.path-style", "maybe", "backstop.s3.pending-max-age", "soon",
                "backstop.s3.part-size", "big", "backstop.s3.checksums", "always"));
        assertEquals(List.of("S3_CHECKSUMS (backstop.s3.checksums): one of when_required, when_supported, was 'always'",
                "S3_PART_SIZE (backstop.s3.part-size): a size such as 16MiB or 8388608, was 'big'",
                "S3_PATH_STYLE (backstop.s3.path-style): true or false, was 'maybe'",
                "S3_PENDING_MAX_AGE (backstop.s3.pending-max-age): a duration such as 30s, 90m, 24h or 2d, was 'soon'",
                "S3_RETENTION_DAYS (backstop.s3.retention-days): must be 0 or more days, was '-1'"),
                problems.stream().sorted().toList());
    }

    @Test
    void s3SettingsThatWouldExposeOrBreakBackupsAreRefusedEachByName() throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of("backstop.sqlite-path", db("s3.db").toString(),
                "backstop.s3.bucket", "Bad_Bucket", "backstop.s3.acl", "public-read", "backstop.s3.sse", "aws:kms",
                "backstop.s3.part-size", "1MiB", "backstop.s3.retention", "forever", "backstop.s3.retention-days", "soon",
                "backstop.s3.storage-class", "COLD", "backstop.s3.endpoint", "minio:9000"));
        settings.put("backstop.s3.access-key-id-file", tmp.resolve("missing-key-id").toString());
        List<String> problems = problems(settings);
        List<String> expected = List.of("S3_BUCKET (backstop.s3.bucket): not a valid bucket name (3-63 lower-case letters, digits, '.', '-'), was 'Bad_Bucket'",
                "S3_ACL (backstop.s3.acl): 'public-read' would make database backups readable by others; refused",
                "S3_KMS_KEY_ID (backstop.s3.kms-key-id): required when S3_SSE=aws:kms",
                "S3_PART_SIZE (backstop.s3.part-size): must be between 5MiB and 5GiB",
                "S3_RETENTION (backstop.s3.retention): one of days, lifecycle, was 'forever'",
                "S3_RETENTION_DAYS (backstop.s3.retention-days): a number, was 'soon'",
                "S3_STORAGE_CLASS (backstop.s3.storage-class): unknown storage class 'COLD'",
                "S3_ENDPOINT (backstop.s3.endpoint): must be an http:// or https:// URL",
                "AWS_ACCESS_KEY_ID_FILE: cannot read " + tmp.resolve("missing-key-id"),
                "AWS_ACCESS_KEY_ID_FILE and AWS_SECRET_ACCESS_KEY_FILE: set both or neither");
        for (String start : expected) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(start)), start + " in " + problems);
        }
        assertEquals(expected.size(), problems.size(), problems.toString());
    }

    @Test
    void withoutABucketTheS3SettingsAreNotChecked() throws Exception {
        Map<String, Object> settings = Map.of("backstop.sqlite-path", db("nos3.db").toString(), "backstop.s3.acl", "public-read",
                "backstop.dir", tmp.resolve("backups").toString(), "backstop.scheduler.enabled", "false");
        try (ApplicationContext ctx = ApplicationContext.run(settings, "test")) {
            assertTrue(ctx.findBean(io.backstop.storage.OffsiteCopies.class).isEmpty(), "S3 stays off without S3_BUCKET");
        }
    }

    @Test
    void noTargetAtAllIsAConfigurationError() {
        assertEquals(List.of("no target configured: set MONGO_URI, MYSQL_HOST, PG_HOST, SQLITE_PATH or BACKUP_CONFIG"
                        + " (a YAML file with backstop.targets.<name>)"),
                problems(Map.of()));
    }

    @Test
    void unknownKeysAreNamedWithTheClosestKnownOne() throws Exception {
        List<String> problems = problems(Map.of("backstop.sqlite-path", db("k.db").toString(),
                "backstop.retention-dayz", "3",
                "backstop.s3.bukket", "x",
                "backstop.targets.shop.engine", "sqlite",
                "backstop.targets.shop.connection.path", db("shop.db").toString(),
                "backstop.targets.shop.schedul", "* * * * *",
                "backstop.targets.shop.keepmin", "2",
                "backstop.targets.shop.connection.pth", "x",
                "backstop.targets.shop.retentionDays", "3"));
        assertEquals(java.util.Set.of(
                "backstop.retention-dayz: unknown setting; did you mean backstop.retention-days?",
                "backstop.s3.bukket: unknown setting; did you mean backstop.s3.bucket?",
                "backstop.targets.shop.schedul: unknown setting; did you mean backstop.targets.shop.schedule?",
                "backstop.targets.shop.keepmin: unknown setting; did you mean backstop.targets.shop.keep-min?",
                "backstop.targets.shop.connection.pth: unknown setting; did you mean backstop.targets.shop.connection.path?"),
                java.util.Set.copyOf(problems), "retentionDays is Micronaut's other spelling of retention-days and is fine");
    }

    @Test
    void targetNamesAreKeptAsWritten() throws Exception {
        Map<String, Object> ok = new HashMap<>(Map.of("backstop.dir", tmp.resolve("b").toString(),
                "backstop.targets.chinook_my.engine", "sqlite",
                "backstop.targets.chinook_my.connection.path", db("c.db").toString(),
                "backstop.targets.chinook_my.retention-days", "3",
                "backstop.scheduler.enabled", "false"));
        try (ApplicationContext ctx = ApplicationContext.run(ok, "test")) {
            Target target = ctx.getBean(Targets.class).find("chinook_my").orElseThrow();
            assertEquals(3, target.retentionDays());
            assertEquals("backstop.targets.chinook_my.schedule", target.keys().of("schedule"));
        }
        List<String> clash = problems(Map.of("backstop.targets.chinook_my.engine", "sqlite",
                "backstop.targets.chinook_my.connection.path", db("c2.db").toString(),
                "backstop.targets.chinook-my.connection.path", db("d2.db").toString()));
        assertEquals(1, clash.size(), clash.toString());
        assertTrue(clash.get(0).matches("backstop\\.targets\\.chinook[-_]my: the same target as backstop\\.targets\\.chinook[-_]my"
                + " for the configuration framework \\(it ignores '_', '-' and case\\); rename one of them"), clash.get(0));
    }

    @Test
    void valuesThatAreNoNumbersAreAllReportedByTheirVariable() throws Exception {
        assertEquals(List.of("BACKUP_RETENTION_DAYS (backstop.retention-days): not a number: 'seven'",
                        "BACKUP_KEEP_MIN (backstop.keep-min): not a number: 'two'",
                        "BACKUP_HTTP_PORT (micronaut.server.port): must be a port number 1..65535, was 70000",
                        "BACKUP_GZIP_LEVEL (backstop.gzip-level): a number, was 'max'",
                        "BACKUP_SHUTDOWN_GRACE (backstop.shutdown-grace): a duration such as 30s, 90m, 24h or 2d, was 'soon'",
                        "backstop.targets.t.keep-min: not a number: 'lots'"),
                problems(Map.of("backstop.retention-days", "seven", "backstop.keep-min", "two", "backstop.gzip-level", "max",
                        "micronaut.server.port", "70000", "backstop.shutdown-grace", "soon",
                        "backstop.targets.t.engine", "sqlite", "backstop.targets.t.connection.path", db("t.db").toString(),
                        "backstop.targets.t.keep-min", "lots")));
    }

    @Test
    void aBackupDirThatCannotHoldBackupsAndACronThatNeverFires() throws Exception {
        Path file = java.nio.file.Files.writeString(tmp.resolve("a-file"), "x");
        assertEquals(List.of("BACKUP_DIR (backstop.dir): " + file + " is a file, not a directory"),
                problems(Map.of("backstop.dir", file.toString(), "backstop.sqlite-path", db("d.db").toString())));
        assertEquals(List.of("BACKUP_DIR (backstop.dir): /proc/backups is under proc, not a place for backups"),
                problems(Map.of("backstop.dir", "/proc/backups", "backstop.sqlite-path", db("e.db").toString())));
        assertEquals(List.of("BACKUP_SCHEDULE (backstop.schedule): cron '0 0 30 2 *' never fires (no such date)"),
                problems(Map.of("backstop.schedule", "0 0 30 2 *", "backstop.sqlite-path", db("f.db").toString())));
    }

    @Test
    void theCatalogIsAsPrivateAsTheBackups() throws Exception {
        Map<String, Object> ok = Map.of("backstop.dir", tmp.resolve("b").toString(),
                "backstop.sqlite-path", db("p.db").toString(), "backstop.scheduler.enabled", "false");
        try (ApplicationContext ctx = ApplicationContext.run(ok, "test")) {
            var target = ctx.getBean(Targets.class).find("p").orElseThrow();
            ctx.getBean(io.backstop.schedule.RunCoordinator.class).runNow(target, io.backstop.schedule.Trigger.CLI);
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path file = tmp.resolve("b/catalog.db" + suffix);
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(file)), file.toString());
            }
        }
    }
}
