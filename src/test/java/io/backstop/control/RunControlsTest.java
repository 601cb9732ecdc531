package io.backstop.control;

import io.backstop.Refused;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunMarks;
import io.backstop.catalog.RunStatus;
import io.backstop.status.ListedRun;
import io.backstop.status.RunListing;
import io.backstop.support.Daemons;
import io.backstop.support.S3Fixture;
import io.backstop.support.S3Server;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pin, annotate and delete: kept in the catalog and the manifests; retention and deletion respect them, locally and on S3. */
class RunControlsTest {
    @TempDir
    Path tmp;

    @Test
    void aPinnedBackupOutlivesRetentionLocallyAndOnS3() throws Exception {
        try (S3Server server = new S3Server(); S3Client s3 = S3Fixture.client(server)) {
            server.createBucket(S3Fixture.BUCKET);
            Map<String, Object> config = new HashMap<>(Daemons.appIn(tmp));
            config.putAll(S3Fixture.settings(server));
            config.put("backstop.retention-days", "0"); // everything but the newest is old enough to go
            config.put("backstop.s3.retention-days", "0");
            try (ApplicationContext ctx = Daemons.start(config)) {
                BackupRun pinned = Daemons.backUp(ctx, "app");
                ctx.getBean(RunControls.class).pin(pinned.id(), true);
                BackupRun plain = Daemons.backUp(ctx, "app");
                BackupRun newest = Daemons.backUp(ctx, "app");
                Path dir = tmp.resolve("backups/app");
                assertTrue(Files.exists(dir.resolve(pinned.file())), "the pinned backup is kept on the volume");
                assertFalse(Files.exists(dir.resolve(plain.file())), "an unpinned old one is not");
                assertTrue(Files.exists(dir.resolve(newest.file())));
                List<String> keys = S3Fixture.keys(s3);
                assertTrue(keys.contains("backstop/app/" + pinned.file()), "the pinned backup is kept on S3: " + keys);
                assertFalse(keys.contains("backstop/app/" + plain.file()), keys.toString());
                assertTrue(Files.readString(dir.resolve(pinned.file() + ".manifest.json")).contains("\"pinned\":true"));
            }
        }
    }

    @Test
    void deleteRefusesTheNewestGoodAndPinnedOnesWithoutForceAndRecordsWhatItDeleted() throws Exception {
        try (S3Server server = new S3Server(); S3Client s3 = S3Fixture.client(server)) {
            server.createBucket(S3Fixture.BUCKET);
            Map<String, Object> config = new HashMap<>(Daemons.appIn(tmp));
            config.putAll(S3Fixture.settings(server));
            try (ApplicationContext ctx = Daemons.start(config)) {
                RunControls controls = ctx.getBean(RunControls.class);
                BackupRun older = Daemons.backUp(ctx, "app");
                BackupRun newest = Daemons.backUp(ctx, "app");
                Refused newestRefused = assertThrows(Refused.class,
                        () -> controls.delete(newest.id(), RunControls.Where.EVERYWHERE, false, null));
                assertTrue(newestRefused.getMessage().contains("newest good backup"), newestRefused.getMessage());
                controls.pin(older.id(), true);
                assertTrue(assertThrows(Refused.class, () -> controls.delete(older.id(), RunControls.Where.EVERYWHERE,
                        false, null)).getMessage().contains("is pinned"));
                controls.pin(older.id(), false);

                List<String> deleted = controls.delete(older.id(), RunControls.Where.EVERYWHERE, false, "test data");
                assertEquals(2, deleted.size(), deleted.toString());
                assertFalse(Files.exists(tmp.resolve("backups/app").resolve(older.file())));
                assertFalse(Files.exists(tmp.resolve("backups/app").resolve(older.file() + ".manifest.json")));
                assertFalse(S3Fixture.keys(s3).contains("backstop/app/" + older.file()), "the S3 copy is gone");
                Catalog catalog = ctx.getBean(Catalog.class);
                assertEquals(RunStatus.DELETED, catalog.find(older.id()).orElseThrow().status());
                assertEquals("test data", catalog.marksOf(older.id()).deletedReason());
                assertTrue(catalog.marksOf(older.id()).deletedAt() != null);
                assertEquals(newest.id(), catalog.latestSucceeded("app").orElseThrow().id());

                controls.delete(newest.id(), RunControls.Where.LOCAL, true, null);
                assertEquals(RunStatus.SUCCEEDED, catalog.find(newest.id()).orElseThrow().status(),
                        "its S3 copy is left, so it is still a backup");
                assertTrue(S3Fixture.keys(s3).contains("backstop/app/" + newest.file()));
            }
        }
    }

    @Test
    void marksSurviveACatalogRebuiltFromTheManifests() throws Exception {
        Map<String, Object> config = Daemons.appIn(tmp);
        long runId;
        try (ApplicationContext ctx = Daemons.start(config)) {
            runId = Daemons.backUp(ctx, "app").id();
            ctx.getBean(RunControls.class).annotate(runId, "release-2.4", "before the v2 migration");
            ctx.getBean(RunControls.class).pin(runId, true);
        }
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(tmp.resolve("backups/catalog.db" + suffix));
        }
        try (ApplicationContext ctx = Daemons.start(config)) {
            ctx.getBean(io.backstop.run.RunRecovery.class).recoverAll();
            ListedRun listed = ctx.getBean(RunListing.class).recent("app", 5).get(0);
            RunMarks marks = listed.marks();
            assertTrue(marks != null && marks.pinned(), String.valueOf(marks));
            assertEquals("release-2.4", marks.label());
            assertEquals("before the v2 migration", marks.note());
        }
    }

    @Test
    void theControlsAnswerOverHttpAndNeedTheApiKey() throws Exception {
        Map<String, Object> config = Daemons.appIn(tmp);
        config.put("backstop.api-key", "k3y");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, config, "test");
             HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            long id = Daemons.backUp(server.getApplicationContext(), "app").id();
            for (HttpRequest<?> request : List.of(HttpRequest.POST("/api/backups/" + id + "/pin", ""),
                    HttpRequest.POST("/api/backups/" + id + "/unpin", ""),
                    HttpRequest.POST("/api/backups/" + id + "/annotate", Map.of("note", "x")),
                    HttpRequest.DELETE("/api/backups/" + id))) {
                HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking().retrieve(request));
                assertEquals(HttpStatus.UNAUTHORIZED, e.getStatus(), request.getPath());
            }
            String annotated = http.toBlocking().retrieve(HttpRequest.POST("/api/backups/" + id + "/annotate",
                    Map.of("label", "golden")).header("X-API-Key", "k3y"));
            assertTrue(annotated.contains("\"label\":\"golden\""), annotated);
            assertTrue(http.toBlocking().retrieve(HttpRequest.GET("/api/backups?target=app")).contains("\"label\":\"golden\""));
            HttpClientResponseException newest = assertThrows(HttpClientResponseException.class, () -> http.toBlocking()
                    .retrieve(HttpRequest.DELETE("/api/backups/" + id + "?where=local").header("X-API-Key", "k3y")));
            assertEquals(HttpStatus.CONFLICT, newest.getStatus());
            HttpClientResponseException unknown = assertThrows(HttpClientResponseException.class, () -> http.toBlocking()
                    .retrieve(HttpRequest.POST("/api/backups/999/pin", "").header("X-API-Key", "k3y")));
            assertEquals(HttpStatus.NOT_FOUND, unknown.getStatus());
        }
    }

    @Test
    void theStatusFiguresMatchTheVolumeAndTheBucket() throws Exception {
        try (S3Server server = new S3Server(); S3Client s3 = S3Fixture.client(server)) {
            server.createBucket(S3Fixture.BUCKET);
            Map<String, Object> config = new HashMap<>(Daemons.appIn(tmp));
            config.putAll(S3Fixture.settings(server));
            try (ApplicationContext ctx = Daemons.start(config)) {
                BackupRun first = Daemons.backUp(ctx, "app");
                BackupRun second = Daemons.backUp(ctx, "app");
                ctx.getBean(RunControls.class).pin(first.id(), true);
                ctx.getBean(Pauses.class).pause("app", null, "checking");
                var report = ctx.getBean(io.backstop.status.StatusService.class).report();
                var app = report.targets().get(0);
                Path dir = tmp.resolve("backups/app");
                long onDisk = Files.size(dir.resolve(first.file())) + Files.size(dir.resolve(second.file()));
                assertEquals(2, app.stored().localFiles());
                assertEquals(onDisk, app.stored().localBytes());
                assertEquals(2, app.stored().s3Files());
                assertEquals(onDisk, app.stored().s3Bytes(), "the S3 copies are the same bytes");
                assertEquals(1, app.stored().pinnedRuns());
                assertEquals(second.id(), app.newestGood().runId());
                assertEquals(Files.size(dir.resolve(second.file())), app.newestGood().bytes());
                assertEquals("both", app.newestGood().location());
                assertEquals("checking", app.paused().reason());
                assertTrue(report.volumeFreeBytes() > 0 && !report.version().isBlank());
            }
        }
    }
}
