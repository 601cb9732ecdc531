package io.backstop.metrics;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.support.Daemons;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /prometheus}: every target's figures, read from the catalog, so they survive a restart. */
class MetricsTest {
    @TempDir
    Path tmp;

    @Test
    void theMetricsComeFromTheCatalogAndSurviveARestart() throws Exception {
        Map<String, Object> config = Daemons.appIn(tmp);
        BackupRun second;
        long bytes;
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, config, "test");
             HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            Daemons.backUp(server.getApplicationContext(), "app");
            replaceDatabase(); // the next run fails
            Files.writeString(tmp.resolve("app.db"), "not a database ".repeat(100));
            var failed = server.getApplicationContext().getBean(io.backstop.schedule.RunCoordinator.class).runNow(
                    server.getApplicationContext().getBean(io.backstop.config.Targets.class).find("app").orElseThrow(),
                    io.backstop.schedule.Trigger.CLI);
            assertEquals("FAILED", failed.status().name());
            String metrics = http.toBlocking().retrieve(HttpRequest.GET("/prometheus"));
            assertEquals(0.0, value(metrics, "backstop_backup_last_run_success{target=\"app\"}"));
            assertEquals(1.0, value(metrics, "backstop_backup_runs_total{status=\"succeeded\",target=\"app\"}"));
            assertEquals(1.0, value(metrics, "backstop_backup_runs_total{status=\"failed\",target=\"app\"}"));

            replaceDatabase();
            io.backstop.support.SqliteFixture.create(tmp.resolve("app.db"), "WAL", 5); // a tenth of the rows: it shrinks
            second = Daemons.backUp(server.getApplicationContext(), "app");
            Catalog catalog = server.getApplicationContext().getBean(Catalog.class);
            bytes = catalog.filesOf(second.id()).get(0).bytes();
            metrics = http.toBlocking().retrieve(HttpRequest.GET("/prometheus"));
            assertEquals(1.0, value(metrics, "backstop_backup_last_run_success{target=\"app\"}"));
            assertEquals(bytes, value(metrics, "backstop_backup_size_bytes{part=\"\",target=\"app\"}"));
            double ratio = value(metrics, "backstop_backup_size_change_ratio{part=\"\",target=\"app\"}");
            assertTrue(ratio > 0 && ratio < 1, "the smaller backup shows as a ratio below 1: " + ratio);
            assertEquals(second.finishedAt().toEpochMilli() / 1000.0,
                    value(metrics, "backstop_backup_last_success_timestamp_seconds{target=\"app\"}"), 0.001);
            double age = value(metrics, "backstop_backup_age_seconds{target=\"app\"}");
            assertTrue(age >= 0 && age < 60, "age " + age);
            assertTrue(value(metrics, "backstop_verify_last_success_timestamp_seconds{level=\"quick\",target=\"app\"}") > 0,
                    "the quick verification after the backup is there");
            assertTrue(Double.isNaN(value(metrics, "backstop_verify_last_success_timestamp_seconds{level=\"full\",target=\"app\"}")));
            assertTrue(metrics.contains("jvm_memory_used_bytes"), "with the JVM's own metrics");
        }
        try (EmbeddedServer restarted = ApplicationContext.run(EmbeddedServer.class, config, "test");
             HttpClient http = restarted.getApplicationContext().createBean(HttpClient.class, restarted.getURL())) {
            String metrics = http.toBlocking().retrieve(HttpRequest.GET("/prometheus"));
            for (int i = 0; i < 100 && !metrics.contains("backstop_backup_size_bytes{"); i++) {
                Thread.sleep(100); // the per-file sizes are registered a second after start, then every 15 s
                metrics = http.toBlocking().retrieve(HttpRequest.GET("/prometheus"));
            }
            assertEquals(2.0, value(metrics, "backstop_backup_runs_total{status=\"succeeded\",target=\"app\"}"), "after a restart");
            assertEquals(1.0, value(metrics, "backstop_backup_runs_total{status=\"failed\",target=\"app\"}"));
            assertEquals(bytes, value(metrics, "backstop_backup_size_bytes{part=\"\",target=\"app\"}"));
            assertEquals(second.finishedAt().toEpochMilli() / 1000.0,
                    value(metrics, "backstop_backup_last_success_timestamp_seconds{target=\"app\"}"), 0.001);
        }
    }

    private void replaceDatabase() throws Exception {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(tmp.resolve("app.db" + suffix));
        }
    }

    /** The value of one sample line of the Prometheus text format. */
    static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("no sample " + series + " in:\n" + metrics);
        }
        return Double.parseDouble(m.group(1));
    }
}
