package io.backstop.verify;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Verification;
import io.backstop.support.Daemons;
import io.backstop.support.MariaDb;
import io.backstop.support.MutableClock;
import io.backstop.support.Processes;
import io.backstop.support.SqliteFixture;
import io.backstop.support.Tampering;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The full verification restores into a scratch place, never the live database, counts what arrived, and removes it. */
class FullVerificationTest {
    static final String CREATED_DATABASES = "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_CREATE_DB'";

    @TempDir
    Path tmp;
    final List<String> databases = new ArrayList<>();

    @AfterEach
    void drop() {
        MariaDb.drop(databases.toArray(String[]::new));
    }

    @Test
    void sqliteRestoresIntoAScratchFileThatIsRemoved() throws Exception {
        try (ApplicationContext ctx = Daemons.start(Daemons.appIn(tmp))) {
            Daemons.backUp(ctx, "app");
            Verification full = ctx.getBean(VerificationService.class).verify("app", Level.FULL).get(0);
            assertTrue(full.passed(), full.error());
            assertEquals("full", full.level());
            assertEquals("a=" + SqliteFixture.count(tmp.resolve("app.db"), "a") + ", b=" + SqliteFixture.count(tmp.resolve("app.db"), "b"),
                    full.counts());
            try (Stream<Path> files = Files.list(tmp.resolve("backups/app"))) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".scratch-")), "the scratch file is gone");
            }
        }
    }

    /** Local: a throwaway mariadbd of Backstop's own; server: a scratch database on the target's server. */
    @ParameterizedTest(name = "VERIFY_MYSQL={0}")
    @ValueSource(strings = {"local", "server"})
    void mysqlRestoresIntoAScratchPlaceLeavesTheLiveOneUntouchedAndFindsACutDump(String place) throws Exception {
        String db = MariaDb.newDatabase();
        databases.add(db);
        try (Connection c = MariaDb.root(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100))");
            s.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
            s.execute("CREATE TABLE log (at DATETIME)");
            s.execute("CREATE VIEW v AS SELECT id FROM t");
            s.execute("CREATE EVENT tick ON SCHEDULE EVERY 1 SECOND DO INSERT INTO log VALUES (NOW())");
            s.execute("CREATE TRIGGER stamp AFTER INSERT ON t FOR EACH ROW INSERT INTO log VALUES (NOW())");
            s.execute("CREATE PROCEDURE `odd name`() SELECT 1");
            s.execute("CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN 2 * x");
        }
        Map<String, Long> before = MariaDb.checksums(db);
        Map<String, Object> config = MariaDb.target(tmp.resolve("backups"), "shop", db, "root", "");
        config.put("backstop.verify.mysql.place", place);
        try (ApplicationContext ctx = Daemons.start(config)) {
            BackupRun run = Daemons.backUp(ctx, "shop");
            long databasesCreated = MariaDb.scalar("mysql", CREATED_DATABASES);
            Verification full = ctx.getBean(VerificationService.class).verify("shop", Level.FULL).get(0);
            assertTrue(full.passed(), full.error());
            assertEquals("log=0, t=3", full.counts());
            assertEquals(before, MariaDb.checksums(db), "the live database is never written");
            assertEquals(0, MariaDb.scalar("mysql", "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'backstop_verify_" + db + "'"),
                    "the scratch database is dropped");
            long createdByTheVerification = MariaDb.scalar("mysql", CREATED_DATABASES) - databasesCreated;
            assertEquals(place.equals("server") ? 1 : 0, createdByTheVerification, "databases created on the production server");
            assertEquals(List.of(), Processes.describedWorkingIn(tmp), "no throwaway server outlives the verification");

            Tampering.rewriteContent(tmp.resolve("backups/shop").resolve(run.file()), dump -> {
                String text = new String(dump, StandardCharsets.UTF_8);
                return text.replaceFirst("\\(2,'two'\\),", "").getBytes(StandardCharsets.UTF_8);
            });
            Verification changed = ctx.getBean(VerificationService.class).verify("shop", Level.FULL).get(0);
            assertFalse(changed.passed());
            assertTrue(changed.error().contains("t: recorded 3, found 2"), changed.error());
            assertEquals(List.of(), Processes.describedWorkingIn(tmp), "nor a failed one");
        }
    }

    @Test
    void scratchDatabasesOfAKilledVerificationAreDroppedAtStart() throws Exception {
        String db = MariaDb.newDatabase();
        databases.add(db);
        MariaDb.execute("CREATE DATABASE backstop_verify_" + db);
        databases.add("backstop_verify_" + db);
        String query = "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'backstop_verify_" + db + "'";
        try (ApplicationContext ctx = Daemons.start(MariaDb.target(tmp.resolve("backups"), "shop", db, "root", ""))) {
            for (int i = 0; i < 100 && MariaDb.scalar("mysql", query) > 0; i++) {
                Thread.sleep(100); // dropped in the background, so a server that is down does not hold up the start
            }
            assertEquals(0, MariaDb.scalar("mysql", query));
        }
    }

    @Test
    void healthTurnsDownAfterAFailedFullVerificationAndPastTheMaximumAge() throws Exception {
        Map<String, Object> config = Daemons.appIn(tmp);
        config.put("test.clock", "mutable");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, config, "test");
             HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            ApplicationContext ctx = server.getApplicationContext();
            BackupRun run = Daemons.backUp(ctx, "app");
            assertTrue(ctx.getBean(VerificationService.class).verify("app", Level.FULL).get(0).passed());
            assertEquals(HttpStatus.OK, status(http));

            MutableClock clock = ctx.getBean(MutableClock.class);
            clock.advance(Duration.ofDays(8).plusMinutes(1));
            Daemons.backUp(ctx, "app"); // fresh backups, but no full verification for more than 8 days
            assertEquals(HttpStatus.SERVICE_UNAVAILABLE, status(http));
            assertTrue(body(http).contains("more than BACKUP_VERIFY_MAX_AGE"), body(http));

            Tampering.rewriteContent(tmp.resolve("backups/app").resolve(ctx.getBean(io.backstop.catalog.Catalog.class)
                    .latestSucceeded("app").orElseThrow().file()), bytes -> bytes.length > 8192 ? java.util.Arrays.copyOf(bytes, 8192) : bytes);
            assertFalse(ctx.getBean(VerificationService.class).verify("app", Level.FULL).get(0).passed());
            assertEquals(HttpStatus.SERVICE_UNAVAILABLE, status(http));
            assertTrue(body(http).contains("the newest full verification failed"), body(http));
            assertTrue(run.id() > 0);
        }
    }

    private static HttpStatus status(HttpClient http) {
        try {
            return http.toBlocking().exchange(HttpRequest.GET("/health"), String.class).getStatus();
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }

    private static String body(HttpClient http) {
        try {
            return http.toBlocking().retrieve(HttpRequest.GET("/health"));
        } catch (HttpClientResponseException e) {
            return e.getResponse().getBody(String.class).orElse("");
        }
    }
}
