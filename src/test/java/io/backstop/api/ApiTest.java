package io.backstop.api;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.support.Daemons;
import io.backstop.support.SqliteFixture;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTest implements TestPropertyProvider {
    Path tmp;
    Path db;

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        try {
            tmp = Files.createTempDirectory("backstop-api");
            db = SqliteFixture.create(tmp.resolve("app.db"), "DELETE", 1_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> p = new HashMap<>();
        Daemons.sqliteTarget(tmp.resolve("backups"), "app", db).forEach((k, v) -> p.put(k, v.toString()));
        return p;
    }

    BlockingHttpClient http() {
        return client.toBlocking();
    }

    BackupRun awaitEnd(long id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            BackupRun run = http().retrieve(HttpRequest.GET("/api/backups/" + id), BackupRun.class);
            if (run.status().finished()) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " did not end");
    }

    @Test
    void triggerOneTargetThenReadTheRunBack() throws Exception {
        HttpResponse<TriggerResponse> response = http().exchange(HttpRequest.POST("/api/backups/app", ""), TriggerResponse.class);
        assertEquals(HttpStatus.ACCEPTED, response.getStatus());
        long id = response.body().started().get(0).runId();

        BackupRun run = awaitEnd(id);
        assertEquals(RunStatus.SUCCEEDED, run.status(), run.error());
        assertEquals("api", run.triggeredBy());
        assertTrue(Files.isRegularFile(tmp.resolve("backups/app").resolve(run.file())));

        List<BackupRun> listed = http().retrieve(HttpRequest.GET("/api/backups?target=app"), Argument.listOf(BackupRun.class));
        assertTrue(listed.stream().anyMatch(r -> r.id() == id), "the run is listed");
        String listing = http().retrieve(HttpRequest.GET("/api/backups?target=app&limit=1"));
        assertTrue(listing.contains("\"location\":\"local\"") && listing.contains("\"verified\":\"quick\""), listing);
        String details = http().retrieve(HttpRequest.GET("/api/backups/" + id));
        assertTrue(details.contains("\"verifications\":[{") && details.contains("\"level\":\"quick\",\"passed\":true"), details);
    }

    @Test
    void theUploadQueueIsNoContentWithoutS3() {
        assertEquals(HttpStatus.NO_CONTENT, http().exchange(HttpRequest.GET("/api/status/offsite")).getStatus());
    }

    @Test
    void unknownTargetAndUnknownRunAre404() {
        var unknownTarget = assertThrows(HttpClientResponseException.class,
                () -> http().exchange(HttpRequest.POST("/api/backups/nosuch", "")));
        assertEquals(HttpStatus.NOT_FOUND, unknownTarget.getStatus());
        assertTrue(unknownTarget.getResponse().getBody(String.class).orElse("").contains("unknown target 'nosuch'"));

        var unknownRun = assertThrows(HttpClientResponseException.class, () -> http().exchange(HttpRequest.GET("/api/backups/987654")));
        assertEquals(HttpStatus.NOT_FOUND, unknownRun.getStatus());
        var unknownFilter = assertThrows(HttpClientResponseException.class, () -> http().exchange(HttpRequest.GET("/api/backups?target=nosuch")));
        assertEquals(HttpStatus.NOT_FOUND, unknownFilter.getStatus());
    }

    @Test
    void aSecondTriggerWhileRunningIs409AndStartsNothing() throws Exception {
        long first;
        try (Connection holder = SqliteFixture.open(db)) {
            // an application holding an exclusive lock keeps the backup waiting, so the run stays in progress
            holder.createStatement().execute("BEGIN EXCLUSIVE");

            first = http().retrieve(HttpRequest.POST("/api/backups/app", ""), TriggerResponse.class).started().get(0).runId();
            var again = assertThrows(HttpClientResponseException.class, () -> http().exchange(HttpRequest.POST("/api/backups/app", "")));
            assertEquals(HttpStatus.CONFLICT, again.getStatus());
            assertTrue(again.getResponse().getBody(String.class).orElse("").contains("already running"));
            var all = assertThrows(HttpClientResponseException.class, () -> http().exchange(HttpRequest.POST("/api/backups", "")));
            assertEquals(HttpStatus.CONFLICT, all.getStatus());
            Thread.sleep(1000);
            assertEquals(RunStatus.RUNNING, http().retrieve(HttpRequest.GET("/api/backups/" + first), BackupRun.class).status());
            holder.createStatement().execute("COMMIT");
        }
        assertEquals(RunStatus.SUCCEEDED, awaitEnd(first).status());
        long runsOfApp = http().retrieve(HttpRequest.GET("/api/backups?target=app"), Argument.listOf(BackupRun.class)).stream()
                .filter(r -> r.queuedAt().isAfter(java.time.Instant.now().minusSeconds(60)) && r.id() >= first).count();
        assertEquals(1, runsOfApp, "the refused triggers recorded no runs");
    }
}
