package io.backstop.api;

import io.backstop.catalog.RunStatus;
import io.backstop.config.Targets;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.Daemons;
import io.backstop.support.LogCapture;
import io.backstop.support.MutableClock;
import io.backstop.support.SqliteFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /health} is 200 while each target's newest backup is within 2x its interval, 503 with the reason after. */
class HealthTest {
    @TempDir
    Path tmp;

    record Answer(HttpStatus status, String body) {
    }

    static Answer health(HttpClient client) {
        try {
            var response = client.toBlocking().exchange(HttpRequest.GET("/health"), String.class);
            return new Answer(response.getStatus(), response.body());
        } catch (HttpClientResponseException e) {
            return new Answer(e.getStatus(), e.getResponse().getBody(String.class).orElse(""));
        }
    }

    private EmbeddedServer start(Map<String, Object> extra) throws Exception {
        var p = Daemons.sqliteTarget(tmp.resolve("backups"), "app", SqliteFixture.create(tmp.resolve("app.db"), "WAL", 100));
        p.put("backstop.targets.app.schedule", "0 * * * *");
        p.put("test.clock", "mutable");
        p.putAll(extra);
        return ApplicationContext.run(EmbeddedServer.class, p, "test");
    }

    @Test
    void turnsUnhealthyWhenTheNewestBackupIsOlderThanTwiceTheInterval() throws Exception {
        try (EmbeddedServer server = start(Map.of());
             HttpClient client = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            ApplicationContext ctx = server.getApplicationContext();
            Answer beforeFirst = health(client);
            assertEquals(HttpStatus.OK, beforeFirst.status(), beforeFirst.body());
            assertTrue(beforeFirst.body().contains("first run is pending"), beforeFirst.body());

            var target = ctx.getBean(Targets.class).find("app").orElseThrow();
            assertEquals(RunStatus.SUCCEEDED, ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI).status());
            assertEquals(HttpStatus.OK, health(client).status());

            MutableClock clock = ctx.getBean(MutableClock.class);
            clock.advance(Duration.ofMinutes(119));
            assertEquals(HttpStatus.OK, health(client).status(), "119 min is within 2 x 1 h");
            clock.advance(Duration.ofMinutes(2));
            Answer stale = health(client);
            assertEquals(HttpStatus.SERVICE_UNAVAILABLE, stale.status());
            assertTrue(stale.body().contains("\"app\""), stale.body());
            assertTrue(stale.body().contains("newest backup is 2 h 1 min old, more than the allowed 2 h (2 x the schedule interval)"), stale.body());

            assertEquals(RunStatus.SUCCEEDED, ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI).status());
            assertEquals(HttpStatus.OK, health(client).status(), "a new backup makes it healthy again");
        }
    }

    @Test
    void noMonitorRerunsTheHealthIndicatorsInTheBackground() throws Exception {
        try (EmbeddedServer server = start(Map.of())) { // /health is computed when asked, above
            assertFalse(server.getApplicationContext().containsBean(io.micronaut.management.health.monitor.HealthMonitorTask.class));
        }
    }

    @Test
    void aFactorOtherThanTwoIsHonoured() throws Exception {
        try (EmbeddedServer server = start(Map.of("backstop.health-max-age-factor", "3"));
             HttpClient client = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            ApplicationContext ctx = server.getApplicationContext();
            var target = ctx.getBean(Targets.class).find("app").orElseThrow();
            ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI);
            ctx.getBean(MutableClock.class).advance(Duration.ofMinutes(150));
            assertEquals(HttpStatus.OK, health(client).status());
            ctx.getBean(MutableClock.class).advance(Duration.ofMinutes(31));
            assertEquals(HttpStatus.SERVICE_UNAVAILABLE, health(client).status());
        }
    }

    @Test
    void aFailedFirstRunIsUnhealthyAndSaysWhy() throws Exception {
        try (EmbeddedServer server = start(Map.of());
             HttpClient client = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            ApplicationContext ctx = server.getApplicationContext();
            Files.writeString(tmp.resolve("app.db"), "garbage ".repeat(1000));
            Files.deleteIfExists(tmp.resolve("app.db-wal"));
            Files.deleteIfExists(tmp.resolve("app.db-shm"));
            var target = ctx.getBean(Targets.class).find("app").orElseThrow();
            assertEquals(RunStatus.FAILED, ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI).status());
            Answer answer = health(client);
            assertEquals(HttpStatus.SERVICE_UNAVAILABLE, answer.status());
            assertTrue(answer.body().contains("no backup yet; the last run failed"), answer.body());
        }
    }

    @Test
    void aClockSetBackNeverGivesANegativeAgeAndFreshnessStaysSound() throws Exception {
        try (LogCapture logs = new LogCapture();
             EmbeddedServer server = start(Map.of());
             HttpClient client = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            ApplicationContext ctx = server.getApplicationContext();
            var target = ctx.getBean(Targets.class).find("app").orElseThrow();
            assertEquals(RunStatus.SUCCEEDED, ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI).status());
            MutableClock clock = ctx.getBean(MutableClock.class);
            clock.advance(Duration.ofDays(-3));

            Answer jumped = health(client);
            assertEquals(HttpStatus.OK, jumped.status(), "one allowed age of grace from the moment it is noticed: " + jumped.body());
            assertTrue(jumped.body().matches("(?s).*newest backup is dated (3 d|2 d 23 h) in the future \\(the clock was set back\\?\\).*"), jumped.body());
            assertFalse(jumped.body().contains("\"ageSeconds\":-"), "no negative age: " + jumped.body());
            health(client);
            assertEquals(1, logs.lines().stream().filter(l -> l.startsWith("WARN") && l.contains("in the future")).count(),
                    "one WARN, not one per health check: " + logs.lines());

            clock.advance(Duration.ofMinutes(121));
            Answer stale = health(client);
            assertEquals(HttpStatus.SERVICE_UNAVAILABLE, stale.status(), "no backup made with the current clock in 2 h");
            assertTrue(stale.body().contains("no backup made with the current clock since 2 h 1 min"), stale.body());

            assertEquals(RunStatus.SUCCEEDED, ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI).status());
            Answer fresh = health(client);
            assertEquals(HttpStatus.OK, fresh.status(), fresh.body());
            // a backup's time is its file name's, to the second: a run that crosses a second boundary is 1 s old
            assertTrue(fresh.body().matches("(?s).*newest backup is [01] s old.*"), fresh.body());
        }
    }
}
