package io.backstop.pitr;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.LogPiece;
import io.backstop.catalog.LogPieceRepository;
import io.backstop.restore.RestoreException;
import io.backstop.restore.RestoreRequest;
import io.backstop.restore.RestoreService;
import io.backstop.status.StatusService;
import io.backstop.support.BinlogMariaDb;
import io.backstop.support.Daemons;
import io.backstop.support.MariaDb;
import io.backstop.support.S3Fixture;
import io.backstop.support.S3Server;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Point-in-time recovery against a MariaDB of the test's own with the binlog on: the daemon captures the binlog with the
 * real mariadb-binlog, a full backup records its position, and restore --at replays the captured log onto it.
 */
class PointInTimeRestoreTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    BinlogMariaDb server;
    Path backups;

    @BeforeEach
    void startServer() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "backstop-binlog-");
        try {
            server = BinlogMariaDb.start(dir);
        } catch (Exception e) {
            Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            throw e;
        }
        backups = tmp.resolve("backups");
        server.execute("CREATE DATABASE shop",
                "CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(100), qty INT)",
                "CREATE TABLE shop.orders (id INT AUTO_INCREMENT PRIMARY KEY, item INT, amount DECIMAL(10,2))",
                "CREATE TABLE shop.log_lines (n INT, line VARCHAR(50))", // no key: a replayed duplicate would show as an extra row
                "INSERT INTO shop.items VALUES (1, 'apple', 10), (2, 'pear', 20), (3, 'plum', 30)");
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private EmbeddedServer daemon() {
        return daemon(Map.of());
    }

    private EmbeddedServer daemon(Map<String, Object> extra) {
        Map<String, Object> p = new java.util.HashMap<>(server.target(backups, "shop", "shop"));
        p.putAll(extra);
        return ApplicationContext.run(EmbeddedServer.class, p, "test");
    }

    @Test
    void restoresToTheSecondAskedForAndToTheNewestEvent() throws Exception {
        try (S3Server s3 = new S3Server(); EmbeddedServer daemon = daemon(s3Settings(s3))) {
            ApplicationContext ctx = daemon.getApplicationContext();
            // nothing is written after the dump yet: the window still reaches up to when the copy last held everything
            CaptureStatus ready = await(ctx, s -> s.from() != null && s.problem() == null && !s.to().isBefore(s.from()),
                    "a recoverable window from the dump on");
            assertTrue(ready.capturing(), ready.toString());
            writes(1, 50);
            Instant t = nextWholeSecond();
            Map<String, String> atT = server.checksums("shop");
            writes(51, 100);
            server.execute("FLUSH BINARY LOGS");
            writes(101, 150);
            Instant beforeDisaster = nextWholeSecond();
            Map<String, String> lastGood = server.checksums("shop");
            server.execute("USE shop", "DELETE FROM items", "DROP TABLE orders"); // as the application would
            awaitCaughtUp(ctx);

            List<RestoreService.Restored> restored = restore(ctx, t.toString(), "shop_at_t");
            assertEquals(atT, server.checksums("shop_at_t"), "restored to " + t);
            assertTrue(restored.get(0).replayed().contains("last event applied"), restored.toString());
            restore(ctx, beforeDisaster.toString(), "shop_before");
            assertEquals(lastGood, server.checksums("shop_before"), "restored to just before the DELETE and DROP TABLE");
            restore(ctx, "latest", "shop_latest");
            assertEquals(server.checksums("shop"), server.checksums("shop_latest"), "latest: the DELETE and the DROP replayed too");

            RestoreException exists = assertThrows(RestoreException.class, () -> restore(ctx, t.toString(), "shop_at_t"));
            assertTrue(exists.getMessage().contains("--force"), exists.getMessage());
            RestoreException early = assertThrows(RestoreException.class,
                    () -> restore(ctx, "2000-01-01T00:00:00Z", "shop_early"));
            assertTrue(early.getMessage().contains("no full backup"), early.getMessage());
            RestoreException fraction = assertThrows(RestoreException.class, () -> restore(ctx, "2026-11-23T10:15:00.5Z", "x"));
            assertTrue(fraction.getMessage().contains("whole second"), fraction.getMessage());

            byte[] first = Files.readAllBytes(server.binlogDir().resolve("mysql-bin.000001"));
            assertArrayEquals(first, awaitShippedFile("mysql-bin.000001"), "the shipped pieces of the closed binlog, gunzipped in"
                    + " order, are the server's file");
            CaptureStatus shipped = await(ctx, st -> st.uploadedTo() != null && st.piecesPending() == 0, "the pieces on S3");
            List<String> keys = awaitKeys(s3, k -> k.startsWith("backstop/shop/binlog/mysql-bin.000002.") && k.endsWith(".gz.manifest.json"));
            assertTrue(keys.stream().anyMatch(k -> k.matches("backstop/shop/binlog/mysql-bin\\.000001\\.0000000000000-[0-9]{13}\\.gz")),
                    keys + "; " + shipped);
            assertPiecesRecorded(ctx, keys);
        }
    }

    /** The catalog records each piece on the volume with its manifest's checksum, and each piece on S3 as uploaded. */
    private void assertPiecesRecorded(ApplicationContext ctx, List<String> keys) throws Exception {
        Map<String, LogPiece> rows = new java.util.HashMap<>();
        ctx.getBean(LogPieceRepository.class).findByTargetAndLogOrderById("shop", "binlog").forEach(r -> rows.put(r.piece(), r));
        Path shipped = backups.resolve("shop/binlog/shipped");
        List<Path> manifests;
        try (var files = Files.list(shipped)) {
            manifests = files.filter(p -> p.getFileName().toString().endsWith(".manifest.json")).toList();
        }
        assertFalse(manifests.isEmpty());
        for (Path manifest : manifests) {
            String piece = manifest.getFileName().toString().replace(".manifest.json", "");
            LogPiece row = rows.get(piece);
            assertTrue(row != null && row.onVolume(), piece + " is recorded in the catalog: " + rows.keySet());
            io.backstop.storage.LogSegment described = ctx.getBean(io.micronaut.json.JsonMapper.class)
                    .readValue(Files.readAllBytes(manifest), io.backstop.storage.LogSegment.class);
            assertEquals(piece, described.pieceName());
            assertEquals(row.sha256(), described.sha256(), piece);
            assertFalse(Files.readString(manifest).contains("pieceName"), "the manifest holds the record's fields only");
        }
        for (String key : keys) {
            String name = key.substring(key.lastIndexOf('/') + 1);
            if (key.startsWith("backstop/shop/binlog/") && !name.endsWith(".manifest.json")) {
                assertTrue(rows.containsKey(name) && rows.get(name).onS3(), name + " is recorded as on S3: " + rows.get(name));
            }
        }
    }

    private List<String> shippedPiecesOf(String prefix) {
        try (var pieces = Files.list(backups.resolve("shop/binlog/shipped"))) {
            return pieces.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The bucket's keys once one of them matches (uploads run in the background). */
    private static List<String> awaitKeys(S3Server s3, Predicate<String> wanted) throws InterruptedException {
        return awaitBucket(s3, keys -> keys.stream().anyMatch(wanted));
    }

    /** The bucket's keys once they are as wanted. */
    private static List<String> awaitBucket(S3Server s3, Predicate<List<String>> wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        List<String> keys = List.of();
        while (Instant.now().isBefore(deadline)) {
            keys = S3Fixture.keys(S3Fixture.client(s3));
            if (wanted.test(keys)) {
                return keys;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the bucket is not as wanted after " + WAIT.toSeconds() + " s: " + keys);
    }

    private static Map<String, Object> withS3(S3Server s3, Map<String, Object> more) {
        Map<String, Object> p = s3Settings(s3);
        p.putAll(more);
        return p;
    }

    private static Map<String, Object> s3Settings(S3Server s3) {
        s3.createBucket(S3Fixture.BUCKET);
        Map<String, Object> p = new java.util.HashMap<>(S3Fixture.settings(s3));
        p.put("backstop.binlog.ship-interval", "1s");
        return p;
    }

    /** The shipped pieces of one captured file, once its last piece is there, decompressed one after the other. */
    private byte[] awaitShippedFile(String file) throws Exception {
        Path shipped = backups.resolve("shop/binlog/shipped");
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<Path> manifests;
            try (var files = Files.list(shipped)) {
                manifests = files.filter(p -> p.getFileName().toString().startsWith(file + ".")
                        && p.getFileName().toString().endsWith(".manifest.json")).sorted().toList();
            }
            boolean closed = false;
            for (Path m : manifests) {
                closed |= Files.readString(m).contains("\"closed\":true");
            }
            if (closed) {
                java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
                for (Path m : manifests) {
                    String piece = m.getFileName().toString().replace(".manifest.json", "");
                    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(shipped.resolve(piece)))) {
                        in.transferTo(whole);
                    }
                }
                return whole.toByteArray();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no closed piece of " + file + " was shipped");
    }

    @Test
    void serverRestartRotationAndAKilledCaptureLeaveNoGapAndNoDuplicate() throws Exception {
        try (EmbeddedServer daemon = daemon()) {
            ApplicationContext ctx = daemon.getApplicationContext();
            await(ctx, s -> s.from() != null && s.problem() == null, "a recoverable window");
            writes(1, 40);
            server.restart();
            writes(41, 80);
            server.execute("FLUSH BINARY LOGS");
            writes(81, 120);
            ProcessHandle tool = awaitCaptureTool(null);
            tool.destroyForcibly();
            tool.onExit().get();
            writes(121, 160); // logged while nothing captures
            awaitCaptureTool(tool);
            writes(161, 200);
            awaitCaughtUp(ctx);

            restore(ctx, "latest", "shop_copy");
            assertEquals(server.checksums("shop"), server.checksums("shop_copy"));
            assertEquals(200, Long.parseLong(server.strings("SELECT count(*) FROM shop_copy.log_lines").get(0)));
            assertEquals(List.of("mysql-bin.000001", "mysql-bin.000002", "mysql-bin.000003"),
                    Files.list(backups.resolve("shop/binlog")).map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith("mysql-bin.")).sorted().toList(), "every binlog captured, the restart's too");
        }
    }

    @Test
    void binlogsPurgedBeforeCaptureReadThemAreAGapThatAFullBackupEnds() throws Exception {
        Instant beforeGap;
        Map<String, String> atBeforeGap;
        Map<String, Object> shipEachSecond = Map.of("backstop.binlog.ship-interval", "1s");
        try (EmbeddedServer daemon = daemon(shipEachSecond)) {
            await(daemon.getApplicationContext(), s -> s.from() != null && s.problem() == null, "a recoverable window");
            writes(1, 20);
            beforeGap = nextWholeSecond();
            atBeforeGap = server.checksums("shop");
            writes(21, 25);
            awaitCaughtUp(daemon.getApplicationContext());
            await(daemon.getApplicationContext(), st -> st.shippedTo() != null && !st.shippedTo().isBefore(beforeGap), "shipped");
        }
        for (String catalogFile : new String[] {"catalog.db", "catalog.db-wal", "catalog.db-shm"}) {
            Files.deleteIfExists(backups.resolve(catalogFile)); // lost: rebuilt from the manifests on the volume
        }
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.isAlive() && p.info().arguments()
                .map(a -> String.join(" ", a)).orElse("").contains("--stop-never")), "the capture stops with the daemon");
        writes(26, 40); // while nothing captures
        server.execute("FLUSH BINARY LOGS");
        writes(41, 60);
        server.execute("FLUSH BINARY LOGS");
        String current = server.strings("SHOW MASTER STATUS").get(0);
        Instant deadline = Instant.now().plus(WAIT);
        do { // MariaDB keeps a file until its binlog checkpoint has passed, and then purges it
            server.execute("PURGE BINARY LOGS TO '" + current + "'");
            Thread.sleep(100);
        } while (server.strings("SHOW BINARY LOGS").size() > 1 && Instant.now().isBefore(deadline));
        assertEquals(List.of(current), server.strings("SHOW BINARY LOGS"), "the older binlogs purged");
        writes(61, 80);

        try (EmbeddedServer daemon = daemon(shipEachSecond);
             HttpClient client = daemon.getApplicationContext().createBean(HttpClient.class, daemon.getURL())) {
            ApplicationContext ctx = daemon.getApplicationContext();
            CaptureStatus gap = await(ctx, s -> s.problem() != null && s.problem().contains("no longer on"), "the gap reported");
            assertTrue(gap.problem().contains("mysql-bin.000001"), gap.problem());
            assertEquals(HttpStatus.SERVICE_UNAVAILABLE, health(client), "health DOWN on a gap");
            await(ctx, s -> s.problem() == null, "the gap ended by a new full backup");
            BackupRun forced = ctx.getBean(Catalog.class).latestSucceeded("shop").orElseThrow();
            assertEquals("log-chain", forced.triggeredBy(), forced.toString());
            assertEquals(HttpStatus.OK, health(client));
            writes(81, 100);
            awaitCaughtUp(ctx);
            restore(ctx, "latest", "shop_copy");
            assertEquals(server.checksums("shop"), server.checksums("shop_copy"));
            assertPiecesRecorded(ctx, List.of());
            restore(ctx, beforeGap.toString(), "shop_before_gap");
            assertEquals(atBeforeGap, server.checksums("shop_before_gap"), "a second before the gap, from the backup before it");
        }
    }

    @Test
    void retentionKeepsTheBinlogTheOldestKeptBackupNeedsAndNothingOlder() throws Exception {
        try (S3Server s3 = new S3Server(); EmbeddedServer daemon = daemon(withS3(s3, Map.of(
                "backstop.targets.shop.retention-days", "0", "backstop.targets.shop.keep-min", "1")))) {
            ApplicationContext ctx = daemon.getApplicationContext();
            await(ctx, s -> s.from() != null && s.problem() == null, "a recoverable window");
            writes(1, 30);
            server.execute("FLUSH BINARY LOGS");
            writes(31, 60);
            Path binlog = backups.resolve("shop/binlog");
            awaitCaughtUp(ctx);
            assertTrue(Files.exists(binlog.resolve("mysql-bin.000001")));
            Daemons.backUp(ctx, "shop"); // retention then deletes the first backup, whose position is in mysql-bin.000001
            await(ctx, s -> !Files.exists(binlog.resolve("mysql-bin.000001")), "mysql-bin.000001 pruned");
            assertTrue(Files.exists(binlog.resolve("mysql-bin.000002")), "the kept backup's binlog stays");
            CaptureStatus reported = ctx.getBean(StatusService.class).report().targets().get(0).logCapture();
            assertEquals(await(ctx, s -> s.from() != null, "the window").from(), reported.from(), "status reports the window");
            await(ctx, s -> shippedPiecesOf("mysql-bin.000001.").isEmpty(), "the shipped pieces of the pruned file gone with it");
            // S3 retention deleted the first backup there too: the pieces of mysql-bin.000001 go from S3, the rest stay
            List<String> keys = awaitBucket(s3, all -> all.stream().noneMatch(k -> k.startsWith("backstop/shop/binlog/mysql-bin.000001.")));
            assertTrue(keys.stream().anyMatch(k -> k.startsWith("backstop/shop/binlog/mysql-bin.000002.")), keys.toString());
            assertEquals(1, keys.stream().filter(k -> k.matches("backstop/shop/shop_backup_.*\\.gz")).count(), keys.toString());
            assertTrue(ctx.getBean(LogPieceRepository.class).findByTargetAndLogOrderById("shop", "binlog").stream()
                    .noneMatch(r -> r.logFile().equals("mysql-bin.000001")), "the catalog forgets pieces that are nowhere any more");
            writes(61, 90);
            awaitCaughtUp(ctx);
            try (HttpClient client = ctx.createBean(HttpClient.class, daemon.getURL())) { // as the CLI asks the daemon
                String answer = client.toBlocking().retrieve(HttpRequest.POST("/api/restores",
                        Map.of("backup", "shop", "destination", "shop_copy", "at", "latest")));
                assertTrue(answer.contains("replayed the binlog from mysql-bin.000002"), answer);
            }
            assertEquals(server.checksums("shop"), server.checksums("shop_copy"));
        }
    }

    @Test
    void restoresFromS3AloneWhenTheVolumeIsLost() throws Exception {
        Instant t;
        Map<String, String> atT;
        try (S3Server s3 = new S3Server()) {
            Map<String, Object> settings = s3Settings(s3);
            try (EmbeddedServer daemon = daemon(settings)) {
                ApplicationContext ctx = daemon.getApplicationContext();
                await(ctx, s -> s.from() != null && s.problem() == null, "a recoverable window");
                writes(1, 40);
                server.execute("FLUSH BINARY LOGS");
                writes(41, 60);
                t = nextWholeSecond();
                atT = server.checksums("shop");
                writes(61, 80);
                server.execute("FLUSH BINARY LOGS"); // closed, mysql-bin.000002 is shipped whole, before the new file's first piece
                awaitKeys(s3, k -> k.matches("backstop/shop/binlog/mysql-bin\\.000003\\..*\\.gz\\.manifest\\.json"));
                awaitKeys(s3, k -> k.matches("backstop/shop/shop_backup_.*\\.gz"));
            }
            Files.walk(backups).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            Map<String, Object> p = new java.util.HashMap<>(server.target(backups, "shop", "shop"));
            p.putAll(settings);
            try (ApplicationContext cli = ApplicationContext.run(p, "test")) { // no server: nothing captures, as in the CLI
                List<RestoreService.Restored> restored = restore(cli, t.toString(), "shop_at_t");
                assertEquals(atT, server.checksums("shop_at_t"), "restored to " + t + " from S3 alone: " + restored);
                assertTrue(restored.get(0).backup().startsWith("s3://"), restored.toString());
                assertTrue(restored.get(0).replayed().contains("as shipped to S3"), restored.toString());
                restore(cli, "latest", "shop_latest");
                assertEquals(server.checksums("shop"), server.checksums("shop_latest"));
            }
        }
    }

    @Test
    void aServerWithoutBinlogIsNamedAsTheProblem() throws Exception {
        String db = MariaDb.newDatabase();
        try {
            Map<String, Object> p = MariaDb.target(backups, "plain", db, "root", "");
            p.put("backstop.targets.plain.binlog.enabled", "true");
            p.put("micronaut.server.port", "-1");
            try (EmbeddedServer daemon = ApplicationContext.run(EmbeddedServer.class, p, "test")) {
                CaptureStatus status = await(daemon.getApplicationContext(), "plain", s -> s.problem() != null
                        && s.problem().contains("log_bin"), "the log_bin problem");
                assertTrue(status.problem().contains("log_bin is OFF"), status.problem());
                assertFalse(status.capturing());
                var reported = daemon.getApplicationContext().getBean(StatusService.class).report().targets().get(0);
                assertFalse(reported.healthy(), "status counts the capture's problem in the target's health");
                assertTrue(reported.reason().contains("log_bin is OFF"), reported.reason());
            }
        } finally {
            MariaDb.drop(db);
        }
    }

    private static HttpStatus health(HttpClient client) {
        try {
            return client.toBlocking().exchange(HttpRequest.GET("/health"), String.class).getStatus();
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }

    /** Inserts log lines n..m and an order each, and updates an item, one autocommit statement each. */
    private void writes(int from, int to) throws Exception {
        for (int n = from; n <= to; n++) {
            server.execute("INSERT INTO shop.log_lines VALUES (" + n + ", 'line " + n + "')",
                    "INSERT INTO shop.orders (item, amount) VALUES (" + (1 + n % 3) + ", " + n + ".25)",
                    "UPDATE shop.items SET qty = qty + 1 WHERE id = " + (1 + n % 3));
        }
    }

    /** Waits past the next whole second, so that everything before it and nothing after it is logged before it. */
    private static Instant nextWholeSecond() throws InterruptedException {
        Instant next = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(Duration.between(Instant.now(), next).toMillis() + 200);
        return next;
    }

    private List<RestoreService.Restored> restore(ApplicationContext ctx, String at, String into) throws RestoreException {
        return ctx.getBean(RestoreService.class).restoreAll(new RestoreRequest("shop", null, into, false, false, null, false, at));
    }

    private CaptureStatus await(ApplicationContext ctx, Predicate<CaptureStatus> condition, String what) throws Exception {
        return await(ctx, "shop", condition, what);
    }

    private static CaptureStatus await(ApplicationContext ctx, String target, Predicate<CaptureStatus> condition, String what)
            throws Exception {
        LogCaptures captures = ctx.getBean(LogCaptures.class);
        Instant deadline = Instant.now().plus(WAIT);
        CaptureStatus last = null;
        while (Instant.now().isBefore(deadline)) {
            last = captures.status(target).orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + "; the capture: " + last);
    }

    /** The capture holds what the server has logged; checked against SHOW MASTER STATUS directly. */
    private void awaitCaughtUp(ApplicationContext ctx) throws Exception {
        String file = server.strings("SHOW MASTER STATUS").get(0);
        long position = Long.parseLong(masterPosition());
        Path copy = backups.resolve("shop/binlog").resolve(file);
        Instant deadline = Instant.now().plus(WAIT);
        while (!(Files.exists(copy) && Files.size(copy) >= position)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the capture did not reach " + file + ":" + position + "; " + ctx.getBean(LogCaptures.class)
                        .status("shop").orElse(null));
            }
            Thread.sleep(100);
        }
    }

    private String masterPosition() throws Exception {
        try (var c = server.root(); var s = c.createStatement(); var rs = s.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return rs.getString(2);
        }
    }

    /** The running mariadb-binlog of this test's capture, once there is one other than {@code not}. */
    private static ProcessHandle awaitCaptureTool(ProcessHandle not) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            var tool = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> !p.equals(not))
                    .filter(p -> p.info().arguments().map(a -> String.join(" ", a)).orElse("").contains("--stop-never")).findFirst();
            if (tool.isPresent()) {
                return tool.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mariadb-binlog --stop-never " + (not == null ? "" : "other than the killed one ") + "is running");
    }
}
