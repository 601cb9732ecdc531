package io.backstop.catalog;

import io.backstop.config.Targets;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.support.Daemons;
import io.backstop.support.LogCapture;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A catalog that cannot be written (here: another process holds its write lock) never leaves a run's outcome unclear:
 * a trigger is refused naming the catalog; a scheduled backup is made anyway and recorded once the catalog is writable.
 */
class CatalogUnwritableTest {
    @TempDir
    Path tmp;

    @Test
    void triggersAreRefusedNamingTheCatalogAndScheduledBackupsAreRecordedLater() throws Exception {
        Map<String, Object> config = Daemons.sqliteTarget(tmp.resolve("backups"), "app", SqliteFixture.create(tmp.resolve("app.db"), "WAL", 50));
        config.put("datasources.default.data-source-properties.busy_timeout", "300");
        try (LogCapture logs = new LogCapture();
             EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, config, "test");
             HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            ApplicationContext ctx = server.getApplicationContext();
            var target = ctx.getBean(Targets.class).find("app").orElseThrow();
            RunCoordinator coordinator = ctx.getBean(RunCoordinator.class);
            BackupRun scheduled;
            try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("backups/catalog.db"))) {
                holder.createStatement().execute("BEGIN EXCLUSIVE");

                HttpClientResponseException refused = assertThrows(HttpClientResponseException.class,
                        () -> http.toBlocking().retrieve(HttpRequest.POST("/api/backups/app", "")));
                assertEquals(HttpStatus.SERVICE_UNAVAILABLE, refused.getStatus());
                String body = refused.getResponse().getBody(String.class).orElse("");
                assertTrue(body.contains("no run of app was started: the catalog (catalog.db in BACKUP_DIR) cannot be written"), body);
                assertEquals(List.of(), backups(), "nothing started");

                scheduled = coordinator.runNow(target, Trigger.SCHEDULE);
                assertEquals(1, backups().size(), "the scheduled backup is made all the same");
                holder.createStatement().execute("ROLLBACK");
            }
            BackupRun next = coordinator.runNow(target, Trigger.CLI);
            assertEquals(RunStatus.SUCCEEDED, next.status(), next.error());
            List<BackupRun> recorded = ctx.getBean(Catalog.class).recent("app", 10);
            assertEquals(2, recorded.size(), recorded + "\n" + String.join("\n", logs.lines()));
            assertTrue(recorded.stream().anyMatch(r -> r.status() == RunStatus.SUCCEEDED && scheduled.file().equals(r.file())),
                    "the scheduled run is recorded from its manifest: " + recorded);
            assertEquals(List.of(), logs.withStackTraces(), "one line per event, no stack traces");
            assertTrue(logs.lines().stream().noneMatch(l -> l.contains("as interrupted")), "the run that records them is not closed: " + logs.lines());
        }
    }

    private List<Path> backups() throws Exception {
        Path dir = tmp.resolve("backups/app");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".db.gz")).toList();
        }
    }
}
