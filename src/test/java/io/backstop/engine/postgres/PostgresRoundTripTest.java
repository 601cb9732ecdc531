package io.backstop.engine.postgres;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Verification;
import io.backstop.restore.RestoreException;
import io.backstop.restore.RestoreRequest;
import io.backstop.restore.RestoreService;
import io.backstop.support.Daemons;
import io.backstop.support.PostgreSql;
import io.backstop.verify.Level;
import io.backstop.verify.VerificationService;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database with pgbench's tables, sequences, a view, a function, a trigger, an extension, large objects, arrays, jsonb
 * and bytea that is no valid UTF-8 comes back equal: through {@code backstop restore} into a new database, through the
 * stock tools alone, and through a full verification.
 */
class PostgresRoundTripTest {
    @TempDir
    Path tmp;
    final List<String> databases = new ArrayList<>();

    @AfterEach
    void drop() {
        PostgreSql.drop(databases.toArray(String[]::new));
    }

    private String database() throws Exception {
        String db = PostgreSql.newDatabase();
        databases.add(db);
        return db;
    }

    /** pgbench's tables at scale 1 (100,000 accounts) and one of everything else pg_dump must carry over. */
    static void populate(String db) throws Exception {
        Process pgbench = new ProcessBuilder("pgbench", "--initialize", "--scale=1", "--quiet", "--host=" + PostgreSql.HOST,
                "--port=" + PostgreSql.PORT, "--username=postgres", db).redirectErrorStream(true).start();
        String output = new String(pgbench.getInputStream().readAllBytes());
        assertEquals(0, pgbench.waitFor(), "pgbench -i: " + output);
        boolean citext = PostgreSql.scalar(db, "SELECT count(*) FROM pg_available_extensions WHERE name = 'citext'") == 1;
        PostgreSql.execute(db,
                citext ? "CREATE EXTENSION citext" : "CREATE DOMAIN citext AS text",
                "CREATE SEQUENCE invoice_no START 1000",
                "SELECT setval('invoice_no', 4242)",
                "CREATE TABLE docs (id serial PRIMARY KEY, tags text[], body jsonb, raw bytea, email citext, note text,"
                        + " amount numeric(20, 5), at timestamptz)",
                "INSERT INTO docs (tags, body, raw, email, note, amount, at) SELECT ARRAY['a' || i, 'b,\"c\"', NULL],"
                        + " jsonb_build_object('i', i, 'nested', jsonb_build_array(i, 'x', NULL)),"
                        + " decode('00ff80c3' || lpad(to_hex(i % 256), 2, '0') || 'fe', 'hex'), 'User' || i || '@Example.com',"
                        + " E'line one\\nline two\\ttab \\\\ backslash ' || i, i * 1.5, '2026-12-03 10:00:00+00'::timestamptz + i * interval '1 minute'"
                        + " FROM generate_series(1, 2000) i",
                "INSERT INTO docs (raw) SELECT decode(string_agg(lpad(to_hex(b), 2, '0'), '' ORDER BY b), 'hex') FROM generate_series(0, 255) b",
                "CREATE VIEW rich_accounts AS SELECT aid, abalance FROM pgbench_accounts WHERE abalance > 0",
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at := now(); RETURN NEW; END $$",
                "CREATE TRIGGER docs_touch BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION touch()",
                "SELECT lo_from_bytea(0, decode('deadbeef00ff80', 'hex'))",
                "SELECT lo_from_bytea(0, convert_to(repeat('large object ', 10000), 'UTF8'))",
                "UPDATE pgbench_accounts SET abalance = aid % 97 WHERE aid % 3 = 0");
    }

    private Map<String, Object> config(String db, String format) {
        Map<String, Object> config = PostgreSql.target(tmp.resolve("backups"), "pg", db);
        config.put("backstop.targets.pg.connection.format", format);
        return config;
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "custom"})
    void restoredEqualsTheOriginalThroughBackstopTheStockToolsAndFullVerification(String format) throws Exception {
        String db = database();
        populate(db);
        Map<String, String> original = PostgreSql.snapshot(db);
        assertTrue(original.get("table public.pgbench_accounts").startsWith("100000 rows"), original.toString());
        assertTrue(original.get("extensions").contains("plpgsql") && original.get("large objects").contains(","), original.toString());

        try (ApplicationContext ctx = Daemons.start(config(db, format))) {
            BackupRun run = Daemons.backUp(ctx, "pg");
            String extension = format.equals("plain") ? ".sql.gz" : ".dump.gz";
            List<String> files = List.of(run.file().split(","));
            assertEquals(2, files.size(), run.file());
            assertTrue(files.get(0).endsWith("._globals.sql.gz"), files.toString());
            assertTrue(files.get(1).endsWith("." + db + extension), files.toString());

            RestoreService restores = ctx.getBean(RestoreService.class);
            String copy = database();
            PostgreSql.drop(copy);
            List<RestoreService.Restored> done = restores.restoreAll(new RestoreRequest(String.valueOf(run.id()), null, copy,
                    false, false, null, false));
            assertEquals(1, done.size(), "the globals are restored only on request: " + done);
            assertEquals(original, PostgreSql.snapshot(copy));

            RestoreException refused = assertThrows(RestoreException.class, () -> restores.restoreAll(
                    new RestoreRequest(String.valueOf(run.id()), null, copy, false, false, null, false)));
            assertTrue(refused.getMessage().contains("exists and is not empty") && refused.getMessage().contains("--force"),
                    refused.getMessage());
            PostgreSql.execute(copy, "DELETE FROM docs", "DROP VIEW rich_accounts");
            restores.restoreAll(new RestoreRequest(String.valueOf(run.id()), null, copy, true, false, null, false));
            assertEquals(original, PostgreSql.snapshot(copy), "--force replaces the database with the backup");

            String stock = database();
            Path file = tmp.resolve("backups/pg").resolve(files.get(1));
            String tool = format.equals("plain") ? "psql --quiet --set=ON_ERROR_STOP=1" : "pg_restore --exit-on-error";
            Process restore = new ProcessBuilder("sh", "-c", "gunzip -c '" + file + "' | " + tool + " --host=" + PostgreSql.HOST
                    + " --username=postgres --dbname=" + stock).redirectErrorStream(true).start();
            String output = new String(restore.getInputStream().readAllBytes());
            assertEquals(0, restore.waitFor(), output);
            assertEquals(original, PostgreSql.snapshot(stock), "gunzip | " + tool.split(" ")[0] + " restores it without Backstop");

            List<Verification> verified = ctx.getBean(VerificationService.class).verify(String.valueOf(run.id()), Level.FULL);
            assertEquals(2, verified.size(), verified.toString());
            verified.forEach(v -> assertTrue(v.passed(), v.toString()));
            assertTrue(verified.get(1).counts().contains("public.pgbench_accounts=100000")
                    && verified.get(1).counts().contains("public.docs=2001"), verified.toString());
            assertEquals(0, PostgreSql.scalar("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'backstop_verify_%'"),
                    "the scratch database is gone");
        }
    }

    @Test
    void theGlobalsRestoreARoleThatIsGone() throws Exception {
        String db = database();
        String role = "bs_role_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        PostgreSql.execute("postgres", "CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 7");
        try (ApplicationContext ctx = Daemons.start(config(db, "plain"))) {
            BackupRun run = Daemons.backUp(ctx, "pg");
            Path globals = tmp.resolve("backups/pg").resolve(run.file().split(",")[0]);
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(globals))) {
                assertTrue(new String(in.readAllBytes()).contains("CREATE ROLE " + role), "pg_dumpall --globals-only");
            }
            PostgreSql.execute("postgres", "DROP ROLE " + role);
            String copy = database();
            List<RestoreService.Restored> done = ctx.getBean(RestoreService.class).restoreAll(new RestoreRequest(
                    String.valueOf(run.id()), null, copy, true, false, null, true));
            assertEquals(2, done.size(), done.toString());
            assertEquals(7, PostgreSql.scalar("postgres", "SELECT rolconnlimit FROM pg_roles WHERE rolname = '" + role + "'"),
                    "--globals restored the role, and the roles that exist did not fail it");
        } finally {
            PostgreSql.execute("postgres", "DROP ROLE IF EXISTS " + role);
        }
        assertFalse(PostgreSql.exists("backstop_verify_" + db));
    }
}
