package io.backstop.storage;

import io.backstop.restore.RestoreRequest;
import io.backstop.api.OffsiteHealthIndicator;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.catalog.UploadRepository;
import io.backstop.catalog.UploadStatus;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.engine.EngineRegistry;
import io.backstop.pipeline.BackupOutcome;
import io.backstop.pipeline.BackupPipeline;
import io.backstop.restore.RestoreException;
import io.backstop.restore.RestoreService;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.Daemons;
import io.backstop.support.S3Fixture;
import io.backstop.support.S3Server;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.backstop.support.SqliteFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Off-site copies against a real S3-compatible server (s3proxy) on loopback. */
class OffsiteCopiesTest {
    @TempDir
    Path tmp;
    S3Server server;
    S3Client s3;
    Path db;

    @BeforeEach
    void startServer() throws Exception {
        server = new S3Server();
        server.createBucket(S3Fixture.BUCKET);
        s3 = S3Fixture.client(server);
        db = SqliteFixture.create(tmp.resolve("app.db"), "WAL", 2_000);
    }

    @AfterEach
    void stopServer() throws Exception {
        s3.close();
        server.close();
    }

    private Map<String, Object> daemon(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(Daemons.sqliteTarget(tmp.resolve("backups"), "app", db));
        p.putAll(S3Fixture.settings(server));
        p.putAll(extra);
        return p;
    }

    private static BackupRun run(ApplicationContext ctx) throws Exception {
        Target target = ctx.getBean(Targets.class).find("app").orElseThrow();
        BackupRun run = ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI);
        assertEquals(RunStatus.SUCCEEDED, run.status(), run.error());
        return run;
    }

    private Path local(BackupRun run) {
        return tmp.resolve("backups/app").resolve(run.file());
    }

    private String remoteSha256(String key) throws Exception {
        Path download = Files.createTempFile(tmp, "download", ".gz");
        Files.delete(download);
        s3.getObject(b -> b.bucket(S3Fixture.BUCKET).key(key), download);
        return SqliteFixture.sha256(download);
    }

    private List<?> openMultipartUploads() {
        return s3.listMultipartUploads(b -> b.bucket(S3Fixture.BUCKET)).uploads();
    }

    @Test
    void aBackupOfSeveralPartsArrivesWholeWithItsManifest() throws Exception {
        S3Fixture.addRandomBlobs(db, 22);
        AtomicInteger parts = new AtomicInteger();
        server.onStoreCall((method, args) -> {
            if (method.equals("uploadMultipartPart") && !((MultipartUpload) args[0]).blobName().contains("latest")) {
                parts.incrementAndGet();
            }
        });
        // the latest copy is made in parts too, as for files over S3's 5 GiB limit of one copy request
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of("backstop.s3.latest-copy", "true",
                "backstop.s3.single-copy-limit", String.valueOf(5 << 20))))) {
            BackupRun run = run(ctx);
            String key = "backstop/app/" + run.file();
            assertTrue(Files.size(local(run)) > 3 * (5 << 20), "the backup must need more than three parts");
            assertTrue(parts.get() >= 4, "parts uploaded: " + parts.get());
            assertEquals(SqliteFixture.sha256(local(run)), remoteSha256(key));
            assertEquals(SqliteFixture.sha256(local(run)), remoteSha256("backstop/app/latest.db.gz"));
            assertEquals(List.of(key, key + ".manifest.json", "backstop/app/latest.db.gz"), S3Fixture.keys(s3));
            String manifest = new String(s3.getObjectAsBytes(b -> b.bucket(S3Fixture.BUCKET).key(key + ".manifest.json")).asByteArray());
            assertTrue(manifest.contains(SqliteFixture.sha256(local(run))), manifest);
            assertEquals(UploadStatus.UPLOADED, ctx.getBean(OffsiteCopies.class).statusOf("app", run.file()).orElseThrow());
            assertTrue(openMultipartUploads().isEmpty());
        }
    }

    @Test
    void aServiceThatRejectsTheSdkChecksumsIsNamedWithTheSettingThatFixesIt() throws Exception {
        // s3proxy, like Ceph RGW and older MinIO, cannot check the SDK's aws-chunked CRC32 trailers
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of("backstop.s3.checksums", "when_supported")))) {
            run(ctx);
            String error = ctx.getBean(OffsiteCopies.class).status().lastError();
            assertTrue(error.contains("400") && error.contains("S3_CHECKSUMS=when_required"), error);
        }
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of()))) {
            run(ctx);
            assertEquals(0, ctx.getBean(OffsiteCopies.class).status().pending(), "the default for a custom endpoint works");
        }
    }

    @Test
    void serverSideEncryptionIsRequestedAndAServerWithoutItIsNamed() throws Exception {
        server.stop();
        server.strictHeaders(true); // answers 501 to SSE headers, as MinIO without a KMS does
        server.start();
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of()))) {
            BackupRun run = run(ctx);
            OffsiteCopies.Status status = ctx.getBean(OffsiteCopies.class).status();
            assertEquals(1, status.pending());
            assertTrue(status.lastError().contains("S3_SSE=none"), status.lastError());
        }
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of("backstop.s3.sse", "none")))) {
            run(ctx);
            assertEquals(0, ctx.getBean(OffsiteCopies.class).status().pending());
            assertEquals(4, S3Fixture.keys(s3).size(), "both backups and their manifests: " + S3Fixture.keys(s3));
        }
    }

    @Test
    void aFailureInTheMiddleOfAnUploadLeavesNoPartsAndTheNextRunUploadsTheBacklog() throws Exception {
        S3Fixture.addRandomBlobs(db, 12);
        AtomicInteger parts = new AtomicInteger();
        server.onStoreCall((method, args) -> {
            if (method.equals("uploadMultipartPart") && parts.incrementAndGet() == 2) {
                throw new IllegalStateException("disk of the S3 server failed");
            }
        });
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of()))) {
            BackupRun first = run(ctx);
            assertTrue(Files.isRegularFile(local(first)), "the run succeeded locally");
            OffsiteCopies offsite = ctx.getBean(OffsiteCopies.class);
            assertEquals(UploadStatus.PENDING, offsite.statusOf("app", first.file()).orElseThrow());
            assertTrue(openMultipartUploads().isEmpty(), "the failed multipart upload was aborted: " + openMultipartUploads());
            assertTrue(S3Fixture.keys(s3).isEmpty(), "nothing that looks complete: " + S3Fixture.keys(s3));

            server.onStoreCall((method, args) -> { });
            BackupRun second = run(ctx);
            assertEquals(0, offsite.status().pending());
            assertEquals(SqliteFixture.sha256(local(first)), remoteSha256("backstop/app/" + first.file()));
            assertEquals(SqliteFixture.sha256(local(second)), remoteSha256("backstop/app/" + second.file()));
        }
    }

    @Test
    void aServerStoppedDuringAnUploadLosesNothingAndItsOpenUploadIsAbortedLater() throws Exception {
        S3Fixture.addRandomBlobs(db, 12);
        AtomicInteger parts = new AtomicInteger();
        server.onStoreCall((method, args) -> {
            if (method.equals("uploadMultipartPart") && parts.incrementAndGet() == 2) {
                new Thread(() -> {
                    try {
                        server.stop();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }).start();
                throw new IllegalStateException("going down");
            }
        });
        Map<String, Object> settings = daemon(Map.of("backstop.retention-days", "0", "backstop.s3.retention-days", "30"));
        try (ApplicationContext ctx = Daemons.start(settings)) {
            BackupRun first = run(ctx);
            OffsiteCopies offsite = ctx.getBean(OffsiteCopies.class);
            assertEquals(UploadStatus.PENDING, offsite.statusOf("app", first.file()).orElseThrow());
            assertTrue(offsite.status().lastError().contains("cannot reach S3 at " + server.endpoint()), offsite.status().lastError());

            BackupRun second = run(ctx);
            assertTrue(Files.isRegularFile(local(first)), "local retention (0 days) keeps a file whose upload is pending");
            assertEquals(2, offsite.status().pending());

            server.onStoreCall((method, args) -> { });
            server.start();
            assertEquals(1, openMultipartUploads().size(), "the upload the outage cut off is still open on the server");
            BackupRun third = run(ctx);
            assertEquals(0, offsite.status().pending());
            assertTrue(openMultipartUploads().isEmpty(), "the stale multipart upload was aborted: " + openMultipartUploads());
            for (BackupRun r : List.of(first, second, third)) {
                assertTrue(S3Fixture.keys(s3).contains("backstop/app/" + r.file()), r.file() + " in " + S3Fixture.keys(s3));
            }
            assertEquals(SqliteFixture.sha256(local(third)), remoteSha256("backstop/app/" + third.file()));
            assertFalse(Files.exists(local(first)), "once on S3, local retention deletes it");
            assertFalse(Files.exists(local(second)));
        }
    }

    @Test
    void aRestartedDaemonKeepsAndCompletesPendingUploads() throws Exception {
        server.stop();
        Map<String, Object> settings = daemon(Map.of("backstop.s3.retry-base", "100ms"));
        BackupRun run;
        try (EmbeddedServer daemon = ApplicationContext.run(EmbeddedServer.class, settings, "test");
             HttpClient client = daemon.getApplicationContext().createBean(HttpClient.class, daemon.getURL())) {
            run = run(daemon.getApplicationContext());
            assertEquals(1, daemon.getApplicationContext().getBean(OffsiteCopies.class).status().pending());
            String queue = client.toBlocking().retrieve("/api/status/offsite"); // what backstop list prints below the runs
            assertTrue(queue.contains("\"pending\":1"), queue);
        }
        server.start();
        try (ApplicationContext ctx = Daemons.start(settings)) {
            awaitNoPendingUploads(ctx);
            assertEquals(UploadStatus.UPLOADED, ctx.getBean(OffsiteCopies.class).statusOf("app", run.file()).orElseThrow());
            assertEquals(SqliteFixture.sha256(local(run)), remoteSha256("backstop/app/" + run.file()));
        }
    }

    @Test
    @Timeout(120) // a run that waited for the held upload would never end
    void aRunDoesNotWaitForAnotherTargetsUploadWhichTakesItsFileAlong() throws Exception {
        S3Fixture.addRandomBlobs(db, 6);
        Path other = SqliteFixture.create(tmp.resolve("other.db"), "WAL", 100);
        CountDownLatch uploading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.onStoreCall((method, args) -> {
            if (method.equals("uploadMultipartPart") && ((MultipartUpload) args[0]).blobName().startsWith("backstop/app/")) {
                uploading.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Map<String, Object> settings = new HashMap<>(daemon(Map.of()));
        settings.put("backstop.targets.other.engine", "sqlite");
        settings.put("backstop.targets.other.connection.path", other.toString());
        try (ApplicationContext ctx = Daemons.start(settings)) {
            Targets targets = ctx.getBean(Targets.class);
            RunCoordinator coordinator = ctx.getBean(RunCoordinator.class);
            coordinator.submit(targets.find("app").orElseThrow(), Trigger.CLI);
            assertTrue(uploading.await(30, TimeUnit.SECONDS), "app's upload started");

            BackupRun second = coordinator.runNow(targets.find("other").orElseThrow(), Trigger.CLI);
            assertEquals(RunStatus.SUCCEEDED, second.status(), "other's run ended while app's upload was held");
            OffsiteCopies offsite = ctx.getBean(OffsiteCopies.class);
            assertEquals(UploadStatus.PENDING, offsite.statusOf("other", second.file()).orElseThrow());

            release.countDown();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (offsite.status().pending() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(UploadStatus.UPLOADED, offsite.statusOf("other", second.file()).orElseThrow(),
                    "the drain in progress took the file queued meanwhile");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aFileNameIsNeverReusedAfterRetentionDeletedItsFileSoNoS3CopyIsOverwritten() throws Exception {
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of()))) {
            BackupRun first = run(ctx);
            Files.delete(local(first));
            Files.delete(local(first).resolveSibling(first.file() + ".manifest.json"));
            Target target = ctx.getBean(Targets.class).find("app").orElseThrow();
            BackupOutcome again = ctx.getBean(BackupPipeline.class)
                    .run(target, ctx.getBean(EngineRegistry.class).require("sqlite"), first.startedAt(), null);
            assertEquals(first.file().replace(".db.gz", "-1.db.gz"), again.files());
        }
    }

    @Test
    void backupsMadeBeforeS3WasEnabledAreKeptQueuedAndUploaded() throws Exception {
        BackupRun before;
        try (ApplicationContext ctx = Daemons.start(Daemons.sqliteTarget(tmp.resolve("backups"), "app", db))) {
            before = run(ctx);
        }
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of("backstop.retention-days", "0",
                "backstop.s3.retention-days", "30")))) {
            run(ctx);
            assertTrue(Files.isRegularFile(local(before)), "not known to be on S3, so local retention keeps it");
            assertEquals(1, ctx.getBean(OffsiteCopies.class).reconcile());
        }
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of("backstop.s3.retry-base", "100ms")))) {
            awaitNoPendingUploads(ctx);
            assertEquals(UploadStatus.UPLOADED, ctx.getBean(OffsiteCopies.class).statusOf("app", before.file()).orElseThrow());
            assertEquals(SqliteFixture.sha256(local(before)), remoteSha256("backstop/app/" + before.file()));
        }
    }

    private static void awaitNoPendingUploads(ApplicationContext ctx) throws InterruptedException {
        UploadRepository uploads = ctx.getBean(UploadRepository.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((uploads.count() == 0 || !uploads.findByStatusOrderById(UploadStatus.PENDING).isEmpty())
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @Test
    void s3RetentionDeletesExactlyTheExpiredBackupsAndNeverTheNewest() throws Exception {
        List<String> old = List.of("app_backup_20200101_000000.sqlite.gz", "app_backup_20200102_000000.sqlite.gz");
        List<String> foreign = List.of("backstop/app/notes.txt", "backstop/app/app_backup_2020.sqlite.gz", "backstop/other/other_backup_20200101_000000.sqlite.gz");
        for (String name : old) {
            s3.putObject(b -> b.bucket(S3Fixture.BUCKET).key("backstop/app/" + name), RequestBody.fromString("old"));
        }
        for (String key : foreign) {
            s3.putObject(b -> b.bucket(S3Fixture.BUCKET).key(key), RequestBody.fromString("not ours"));
        }
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of("backstop.s3.retention", "lifecycle")))) {
            run(ctx);
            assertTrue(S3Fixture.keys(s3).containsAll(old.stream().map(n -> "backstop/app/" + n).toList()),
                    "S3_RETENTION=lifecycle deletes nothing");
        }
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of("backstop.retention-days", "0",
                "backstop.s3.retention-days", "30", "backstop.s3.latest-copy", "true")))) {
            BackupRun newest = run(ctx);
            List<String> keys = S3Fixture.keys(s3);
            old.forEach(n -> assertFalse(keys.contains("backstop/app/" + n), n + " expired: " + keys));
            assertTrue(keys.containsAll(foreign), "objects that are not Backstop's backups stay: " + keys);
            long backups = keys.stream().filter(k -> k.startsWith("backstop/app/app_backup_") && k.endsWith(".db.gz")).count();
            assertEquals(2, backups, "both recent backups stay (30 days on S3, though 0 locally): " + keys);
            assertTrue(Files.isRegularFile(local(newest)));
            assertEquals(SqliteFixture.sha256(local(newest)), remoteSha256("backstop/app/latest.db.gz"));
        }
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of("backstop.s3.retention-days", "0")))) {
            BackupRun newest = run(ctx);
            List<String> keys = S3Fixture.keys(s3);
            assertTrue(keys.contains("backstop/app/" + newest.file()), "the newest is never deleted: " + keys);
            assertEquals(1, keys.stream().filter(k -> k.startsWith("backstop/app/app_backup_") && k.endsWith(".db.gz")).count(),
                    "0 days on S3 keeps only the newest: " + keys);
        }
    }

    @Test
    void aBackupGoneFromTheVolumeIsRestoredFromS3() throws Exception {
        String original = SqliteFixture.contentChecksum(db);
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of()))) {
            BackupRun run = run(ctx);
            Files.delete(local(run));
            Files.delete(local(run).resolveSibling(run.file() + ".manifest.json"));
            try (var c = SqliteFixture.open(db)) {
                c.createStatement().execute("DELETE FROM a");
            }
            Path restored = tmp.resolve("restored.db");
            List<RestoreService.Restored> done = ctx.getBean(RestoreService.class)
                    .restoreAll(new RestoreRequest(String.valueOf(run.id()), null, restored.toString(), false, false, null, false));
            assertEquals("s3://" + S3Fixture.BUCKET + "/backstop/app/" + run.file(), done.get(0).backup());
            assertEquals("SHA-256 matched its manifest and the catalog", done.get(0).verification());
            assertEquals(original, SqliteFixture.contentChecksum(restored));

            Path byName = tmp.resolve("by-name.db");
            ctx.getBean(RestoreService.class).restoreAll(new RestoreRequest(run.file(), null, byName.toString(), false, false, null, false));
            assertEquals(original, SqliteFixture.contentChecksum(byName), "a bare file name is looked up on S3 too");
            RestoreException missing = assertThrows(RestoreException.class, () -> ctx.getBean(RestoreService.class)
                    .restoreAll(new RestoreRequest("app_backup_20200101_000000.db.gz", null, tmp.resolve("x.db").toString(), false, false, null, false)));
            assertTrue(missing.getMessage().contains("neither on the volume nor on S3"), missing.getMessage());
            assertFalse(Files.exists(tmp.resolve("x.db")));
        }
    }

    @Test
    void badCredentialsAndAMissingBucketAreNamedWithoutTheSecret() throws Exception {
        String wrongSecret = "Wr0ng-Secret-That-Must-Not-Leak";
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of("aws.secret-key", wrongSecret)))) {
            run(ctx);
            String error = ctx.getBean(OffsiteCopies.class).status().lastError();
            assertTrue(error.contains("S3 refused access to bucket '" + S3Fixture.BUCKET + "' (403"), error);
            assertFalse(error.contains(wrongSecret) || error.contains(S3Server.SECRET_KEY), error);
            HealthResult health = Mono.from(ctx.getBean(OffsiteHealthIndicator.class).getResult()).block();
            assertEquals(HealthStatus.UP, health.getStatus(), "pending for less than a day is still healthy");
            assertFalse(String.valueOf(health.getDetails()).contains(wrongSecret));
            assertTrue(String.valueOf(health.getDetails()).contains("pendingUploads=1"), String.valueOf(health.getDetails()));
        }
        try (ApplicationContext ctx = Daemons.start(daemon(Map.of("backstop.s3.bucket", "no-such-bucket",
                "backstop.s3.pending-max-age", "0s")))) {
            run(ctx);
            String error = ctx.getBean(OffsiteCopies.class).status().lastError();
            assertTrue(error.contains("bucket 'no-such-bucket' does not exist at " + server.endpoint()), error);
            HealthResult health = Mono.from(ctx.getBean(OffsiteHealthIndicator.class).getResult()).block();
            assertEquals(HealthStatus.DOWN, health.getStatus(), "pending longer than S3_PENDING_MAX_AGE");
        }
    }
}
