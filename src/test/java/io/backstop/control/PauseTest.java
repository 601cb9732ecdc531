package io.backstop.control;

import io.backstop.catalog.Catalog;
import io.backstop.config.Targets;
import io.backstop.schedule.FreshnessCheck;
import io.backstop.support.Daemons;
import io.backstop.support.LogCapture;
import io.backstop.support.MutableClock;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pause and resume: kept across restarts, no scheduled or catch-up run while paused, health says paused, then DOWN. */
class PauseTest {
    @TempDir
    Path tmp;

    @Test
    void aPauseSurvivesARestartAndStopsTheCatchUpRunUntilResumed() throws Exception {
        Map<String, Object> config = Daemons.appIn(tmp);
        config.put("backstop.targets.app.schedule", "0 0 1 1 *"); // only the catch-up at start would run it
        try (ApplicationContext ctx = Daemons.start(config)) {
            ctx.getBean(Pauses.class).pause("app", null, "moving the volume");
        }
        config.put("backstop.scheduler.enabled", "true");
        try (LogCapture log = new LogCapture().withInfoOf(io.backstop.schedule.CronScheduler.class.getName());
             EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, config, "test")) {
            for (int i = 0; i < 50 && log.lines().stream().noneMatch(l -> l.contains("skipped")); i++) {
                Thread.sleep(100);
            }
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("catch-up run of app skipped: paused since")
                    && l.contains("moving the volume")), log.lines().toString());
            assertTrue(server.getApplicationContext().getBean(Catalog.class).latest("app").isEmpty(), "no run while paused");
            assertEquals(java.util.List.of("app"), server.getApplicationContext().getBean(Pauses.class).resume("app"));
        }
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, config, "test")) {
            Catalog catalog = server.getApplicationContext().getBean(Catalog.class);
            for (int i = 0; i < 100 && catalog.latestSucceeded("app").isEmpty(); i++) {
                Thread.sleep(100);
            }
            assertTrue(catalog.latestSucceeded("app").isPresent(), "resumed: the catch-up run ran");
        }
    }

    @Test
    void aTimedPauseEndsByItselfAndHealthSaysPausedUntilThePauseIsForgotten() throws Exception {
        Map<String, Object> config = Daemons.appIn(tmp);
        config.put("test.clock", "mutable");
        try (ApplicationContext ctx = Daemons.start(config)) {
            MutableClock clock = ctx.getBean(MutableClock.class);
            Pauses pauses = ctx.getBean(Pauses.class);
            FreshnessCheck freshness = ctx.getBean(FreshnessCheck.class);
            var app = ctx.getBean(Targets.class).find("app").orElseThrow();
            Daemons.backUp(ctx, "app");

            pauses.pause("app", Duration.ofHours(2), null);
            clock.advance(Duration.ofHours(2).plusMinutes(1));
            assertTrue(pauses.active("app").isEmpty(), "a two-hour pause is over after two hours");

            pauses.pause("app", null, "migration");
            clock.advance(Duration.ofDays(1)); // the 6-hourly schedule allows 12 h
            var paused = freshness.check(app);
            assertTrue(paused.healthy(), paused.reason());
            assertTrue(paused.reason().startsWith("paused since") && paused.reason().contains("migration"), paused.reason());

            clock.advance(Duration.ofDays(7));
            var forgotten = freshness.check(app);
            assertFalse(forgotten.healthy(), "paused for more than BACKUP_PAUSE_MAX");
            assertTrue(forgotten.reason().contains("BACKUP_PAUSE_MAX"), forgotten.reason());

            pauses.resume(null);
            assertFalse(freshness.check(app).healthy(), "resumed: stale, as any target without a fresh backup");
        }
    }

    @Test
    void theApiPausesAndResumesAndAManualRunStillRuns() throws Exception {
        Map<String, Object> config = Daemons.appIn(tmp);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, config, "test");
             HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            String paused = http.toBlocking().retrieve(HttpRequest.POST("/api/targets/app/pause",
                    Map.of("for", "2h", "reason", "release freeze")));
            assertTrue(paused.contains("\"target\":\"app\"") && paused.contains("\"reason\":\"release freeze\"")
                    && paused.contains("\"until\""), paused);
            String triggered = http.toBlocking().retrieve(HttpRequest.POST("/api/backups/app", ""));
            assertTrue(triggered.contains("app is paused since") && triggered.contains("this manual run goes ahead"), triggered);

            HttpClientResponseException unknown = assertThrows(HttpClientResponseException.class,
                    () -> http.toBlocking().retrieve(HttpRequest.POST("/api/targets/nope/pause", Map.of())));
            assertEquals(HttpStatus.NOT_FOUND, unknown.getStatus());
            HttpClientResponseException badLength = assertThrows(HttpClientResponseException.class,
                    () -> http.toBlocking().retrieve(HttpRequest.POST("/api/targets/app/pause", Map.of("for", "soon"))));
            assertEquals(HttpStatus.BAD_REQUEST, badLength.getStatus());
            assertEquals("[\"app\"]", http.toBlocking().retrieve(HttpRequest.POST("/api/targets/resume", "")));
        }
    }

    @Test
    void withAnApiKeyTheControlsNeedIt() throws Exception {
        Map<String, Object> config = Daemons.appIn(tmp);
        config.put("backstop.api-key", "k3y");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, config, "test");
             HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            for (String path : new String[] {"/api/targets/app/pause", "/api/targets/pause", "/api/targets/app/resume",
                    "/api/targets/resume"}) {
                HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                        () -> http.toBlocking().retrieve(HttpRequest.POST(path, Map.of())));
                assertEquals(HttpStatus.UNAUTHORIZED, e.getStatus(), path);
            }
            assertTrue(http.toBlocking().retrieve(HttpRequest.POST("/api/targets/app/pause", Map.of()).header("X-API-Key", "k3y"))
                    .contains("\"target\":\"app\""));
        }
    }
}
