package io.backstop.engine.mysql;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.support.ProcFiles;
import io.backstop.support.MariaDb;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The password appears in no process's argv or environment, no log line, no API answer and no manifest. */
class MysqlSecretsTest {
    static final String USER = "bs_secret";
    static final String PASSWORD = "Xq7-\"sekrit\"#;\\tab 'p4ss'";

    @TempDir
    Path tmp;
    String db;

    @AfterEach
    void drop() {
        MariaDb.drop(db);
    }

    @Test
    void passwordNeverLeaks() throws Exception {
        db = MariaDb.newDatabase();
        MariaDb.ensureUser(USER, PASSWORD);
        try (Connection c = MariaDb.root(db); Statement s = c.createStatement()) {
            s.execute("SET SESSION max_recursive_iterations = 10000000");
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100))");
            s.execute("INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400000) SELECT i, SHA2(i, 256) FROM n");
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        List<ch.qos.logback.core.Appender<ILoggingEvent>> console = new java.util.ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(console::add);
        console.forEach(root::detachAppender); // everything at DEBUG goes to the capture only
        root.addAppender(logs);
        Level previous = root.getLevel();
        root.setLevel(Level.DEBUG);
        Map<String, Object> config = MariaDb.target(tmp.resolve("backups"), "shop", db, USER, PASSWORD);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, config, "test");
             HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            String triggered = http.toBlocking().retrieve(HttpRequest.POST("/api/backups/shop", ""));
            long id = Long.parseLong(triggered.replaceAll(".*\"runId\":(\\d+).*", "$1"));

            Set<Long> dumpsSeen = new HashSet<>();
            Set<Path> credentialFiles = new HashSet<>();
            String runJson = http.toBlocking().retrieve(HttpRequest.GET("/api/backups/" + id));
            while (!runJson.contains("SUCCEEDED") && !runJson.contains("FAILED")) {
                scanProcesses(dumpsSeen, credentialFiles);
                runJson = http.toBlocking().retrieve(HttpRequest.GET("/api/backups/" + id));
            }
            BackupRun run = http.toBlocking().retrieve(HttpRequest.GET("/api/backups/" + id), BackupRun.class);
            assertEquals(RunStatus.SUCCEEDED, run.status(), run.error());
            assertFalse(dumpsSeen.isEmpty(), "the scan ran while the dump process was alive");
            assertFalse(credentialFiles.isEmpty(), "the dump read its credentials from a defaults file");
            for (Path file : credentialFiles) {
                assertFalse(Files.exists(file), "the defaults file is deleted after the run: " + file);
                assertFalse(Files.exists(file.getParent()), "and so is its private directory");
            }

            assertFalse(runJson.contains(PASSWORD), "run JSON");
            assertFalse(http.toBlocking().retrieve(HttpRequest.GET("/api/backups")).contains(PASSWORD), "list JSON");
            assertFalse(triggered.contains(PASSWORD), "trigger JSON");
            String health = http.toBlocking().retrieve(HttpRequest.GET("/health"));
            assertFalse(health.contains(PASSWORD), "health JSON");
            try (Stream<Path> files = Files.list(tmp.resolve("backups/shop"))) {
                for (Path manifest : files.filter(f -> f.toString().endsWith(".manifest.json")).toList()) {
                    assertFalse(Files.readString(manifest).contains(PASSWORD), "manifest");
                }
            }
        } finally {
            root.detachAppender(logs);
            console.forEach(root::addAppender);
            root.setLevel(previous);
        }
        assertTrue(logs.list.size() > 0, "logs were captured");
        for (ILoggingEvent event : logs.list) {
            assertFalse(event.getFormattedMessage().contains(PASSWORD), "log line: " + event.getFormattedMessage());
        }
    }

    /** Reads every process's argv and environment; records dump processes and the defaults file each was given. */
    private static void scanProcesses(Set<Long> dumpsSeen, Set<Path> credentialFiles) throws Exception {
        byte[] secret = PASSWORD.getBytes(StandardCharsets.UTF_8);
        for (Path proc : ProcFiles.processes()) {
            byte[] cmdline = ProcFiles.read(proc.resolve("cmdline"));
            byte[] environ = ProcFiles.read(proc.resolve("environ"));
            assertFalse(ProcFiles.contains(cmdline, secret), "password in the argv of pid " + proc.getFileName());
            assertFalse(ProcFiles.contains(environ, secret), "password in the environment of pid " + proc.getFileName());
            String args = new String(cmdline, StandardCharsets.UTF_8);
            boolean probe = args.contains("\0--help\0") || args.contains("\0--version\0");
            if ((args.contains("-dump\0") || args.contains("mysqldump\0")) && !probe) {
                dumpsSeen.add(Long.parseLong(proc.getFileName().toString()));
                for (String arg : args.split("\0")) {
                    if (arg.startsWith("--defaults-extra-file=")) {
                        Path file = Path.of(arg.substring("--defaults-extra-file=".length()));
                        credentialFiles.add(file);
                        if (Files.exists(file)) {
                            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
                            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
                        }
                    }
                }
                assertTrue(args.split("\0")[1].startsWith("--defaults-extra-file="), "the defaults file is the first option");
            }
        }
    }
}
