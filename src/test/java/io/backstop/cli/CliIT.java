package io.backstop.cli;

import io.backstop.support.PackagedJar;
import io.backstop.support.S3Server;
import io.backstop.support.SqliteFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar as operators run it: {@code java -jar backstop.jar <command>}, judged by exit code and output. */
class CliIT {
    @TempDir
    Path tmp;
    Process daemon;

    record Result(int exitCode, String stdout, String stderr) {
    }

    @AfterEach
    void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.destroy();
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon stops on SIGTERM");
        }
    }

    Map<String, String> env(Path db) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("SQLITE_PATH", db.toString());
        env.put("BACKUP_DIR", tmp.resolve("backups").toString());
        env.put("BACKUP_HTTP_PORT", String.valueOf(freePort()));
        return env;
    }

    ProcessBuilder builder(Map<String, String> env, String... args) {
        return PackagedJar.builder(tmp, env, List.of(), args);
    }

    Result run(Map<String, String> env, String... args) throws Exception {
        return finish(builder(env, args));
    }

    /**
     * The demo backs up every minute, and a command that needs the target's lock is refused meanwhile, as it should
     * be: such a command is tried again, a few times, until it lands between two backups.
     */
    Result whileDemoIsIdle(java.util.function.Supplier<ProcessBuilder> command) throws Exception {
        Result result = finish(command.get());
        for (int i = 0; i < 5 && (result.stderr().contains("already running") || result.stderr().contains("being backed up")); i++) {
            Thread.sleep(2000);
            result = finish(command.get());
        }
        return result;
    }

    /** Runs a command to its end and collects what it printed. */
    Result finish(ProcessBuilder builder) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "command finished");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static int freePort() throws IOException {
        return PackagedJar.freePort();
    }

    List<Path> backups() throws IOException {
        Path dir = tmp.resolve("backups/app");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".db.gz")).toList();
        }
    }

    @Test
    void runInProcessSucceedsWithExitZeroAndListShowsIt() throws Exception {
        Path db = SqliteFixture.create(tmp.resolve("app.db"), "WAL", 500);
        Map<String, String> env = env(db);
        Result run = run(env, "run", "app");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("SUCCEEDED") && run.stdout().contains("app_backup_"), run.stdout());
        assertEquals(1, backups().size());
        Path restored = SqliteFixture.gunzip(backups().get(0), tmp.resolve("restored.db"));
        assertEquals(SqliteFixture.contentChecksum(db), SqliteFixture.contentChecksum(restored));

        Result list = run(env, "list");
        assertEquals(0, list.exitCode(), list.stderr());
        assertTrue(list.stdout().contains(backups().get(0).getFileName().toString()), list.stdout());

        Result status = run(env, "status");
        assertEquals(0, status.exitCode(), status.stdout() + status.stderr());
        assertTrue(status.stdout().contains("app (sqlite) OK"), status.stdout());
    }

    @Test
    void restoreByRunIdOrFileChecksTheBackupAndRefusesToOverwriteWithoutForce() throws Exception {
        Path db = SqliteFixture.create(tmp.resolve("app.db"), "WAL", 300);
        String original = SqliteFixture.contentChecksum(db);
        Map<String, String> env = env(db);
        assertEquals(0, run(env, "run").exitCode());
        Path backup = backups().get(0);

        Path copy = tmp.resolve("copy.db");
        Result byId = run(env, "restore", "1", "--to", copy.toString());
        assertEquals(0, byId.exitCode(), byId.stderr());
        assertTrue(byId.stdout().contains("SHA-256 matched its manifest"), byId.stdout());
        assertEquals(original, SqliteFixture.contentChecksum(copy));

        try (var c = SqliteFixture.open(copy)) {
            c.createStatement().execute("DELETE FROM b");
        }
        Result refused = run(env, "restore", backup.toString(), "--to", copy.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.stderr().contains("exists and is not empty; restore with --force"), refused.stderr());
        assertEquals(0, SqliteFixture.count(copy, "b"), "a refused restore writes nothing");

        Result forced = run(env, "restore", backup.toString(), "--to", copy.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.stderr());
        assertEquals(original, SqliteFixture.contentChecksum(copy));

        byte[] bytes = Files.readAllBytes(backup);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(backup, bytes);
        Path other = tmp.resolve("other.db");
        Result damaged = run(env, "restore", "1", "--to", other.toString());
        assertEquals(1, damaged.exitCode());
        assertTrue(damaged.stderr().contains("does not match its manifest"), damaged.stderr());
        assertTrue(Files.notExists(other), "nothing is restored from a damaged file");
    }

    @Test
    void theLogFileRotatesBySize() throws Exception {
        Path db = SqliteFixture.create(tmp.resolve("app.db"), "WAL", 5);
        Map<String, String> env = env(db);
        env.put("BACKUP_LOG_FILE", tmp.resolve("logs/backstop.log").toString());
        env.put("BACKUP_LOG_MAX_SIZE", "600");
        env.put("BACKUP_LOG_MAX_FILES", "2");
        Files.createDirectories(tmp.resolve("logs"));
        for (int i = 0; i < 8; i++) {
            assertEquals(0, run(env, "run").exitCode());
        }
        try (Stream<Path> files = Files.list(tmp.resolve("logs"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(List.of("backstop.log", "backstop.log.1", "backstop.log.2"), names, "rotated, at most 2 old files");
        }
        assertTrue(Files.readString(tmp.resolve("logs/backstop.log.1")).contains("backup succeeded"));
    }

    @Test
    void theLogCanBeOneJsonObjectPerLine() throws Exception {
        Path db = SqliteFixture.create(tmp.resolve("app.db"), "WAL", 5);
        Map<String, String> env = env(db);
        env.put("BACKUP_LOG_FORMAT", "json");
        Result run = run(env, "run");
        assertEquals(0, run.exitCode(), run.stderr());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> lines = new java.util.ArrayList<>();
        for (String line : run.stdout().lines().filter(l -> l.startsWith("{")).toList()) {
            lines.add(json.readTree(line));
        }
        com.fasterxml.jackson.databind.JsonNode succeeded = lines.stream()
                .filter(l -> "backup.succeeded".equals(l.path("event").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no backup.succeeded object in:\n" + run.stdout()));
        assertEquals("app", succeeded.path("target").asText());
        assertEquals(1, succeeded.path("run").asLong());
        assertTrue(succeeded.path("bytes").asLong() > 0 && succeeded.has("duration_seconds") && succeeded.has("timestamp"), succeeded.toString());
        assertEquals("INFO", succeeded.path("level").asText());
        assertTrue(succeeded.path("message").asText().startsWith("backup succeeded: target=app"), succeeded.toString());
        assertTrue(lines.stream().anyMatch(l -> "backup.started".equals(l.path("event").asText())));
    }

    @Test
    void aFailedRunExitsNonZeroAndPrintsTheCause() throws Exception {
        Path db = tmp.resolve("app.db");
        Files.writeString(db, "not a database ".repeat(300));
        Result run = run(env(db), "run");
        assertEquals(1, run.exitCode(), run.stdout());
        assertTrue(run.stderr().contains("FAILED") && run.stderr().contains("not a database"), run.stderr());
        assertEquals(List.of(), backups());
    }

    @Test
    void badConfigurationAndUnknownTargetsAreRefused() throws Exception {
        Path db = SqliteFixture.create(tmp.resolve("app.db"), "WAL", 5);
        Map<String, String> env = env(db);
        env.put("BACKUP_RETENTION_DAYS", "-2");
        env.put("SQLITE_PATH", db + ",/no/such/other.db");
        Result bad = run(env, "run");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("BACKUP_RETENTION_DAYS (backstop.retention-days): must be 0 or more days, was -2"), bad.stderr());
        assertTrue(bad.stderr().contains("SQLITE_PATH: file not found: /no/such/other.db"), bad.stderr());

        Result daemonRefused = run(env);
        assertEquals(2, daemonRefused.exitCode(), "the daemon does not start either");
        assertTrue(daemonRefused.stderr().contains("SQLITE_PATH: file not found"), daemonRefused.stderr());

        Map<String, String> missingFile = env(db);
        missingFile.put("BACKUP_CONFIG", tmp.resolve("nope.yml").toString());
        Result noConfig = run(missingFile, "status");
        assertEquals(2, noConfig.exitCode());
        assertTrue(noConfig.stderr().contains("BACKUP_CONFIG: file not found: " + tmp.resolve("nope.yml")), noConfig.stderr());

        Path typos = Files.writeString(tmp.resolve("typos.yml"), """
                backstop:
                  retention-dayz: 3
                  targets:
                    shop_db:
                      engine: sqlite
                      schedul: "* * * * *"
                      connection:
                        path: %s
                """.formatted(db));
        Map<String, String> yaml = env(db);
        yaml.remove("SQLITE_PATH");
        yaml.put("BACKUP_CONFIG", typos.toString());
        Result typo = run(yaml);
        assertEquals(2, typo.exitCode(), typo.stdout());
        assertTrue(typo.stderr().contains("backstop.retention-dayz: unknown setting; did you mean backstop.retention-days?")
                && typo.stderr().contains("backstop.targets.shop_db.schedul: unknown setting; did you mean backstop.targets.shop_db.schedule?"),
                typo.stderr());

        Result unknown = run(env(db), "run", "nosuch");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.stderr().contains("unknown target 'nosuch'"), unknown.stderr());
    }

    @Test
    void fullModeYamlWithSeveralTargets() throws Exception {
        Path orders = SqliteFixture.create(tmp.resolve("orders.db"), "WAL", 20);
        Path users = SqliteFixture.create(tmp.resolve("users.db"), "DELETE", 20);
        Path yml = tmp.resolve("backstop.yml");
        Files.writeString(yml, """
                backstop:
                  targets:
                    orders:
                      engine: sqlite
                      connection:
                        path: %s
                      schedule: "*/30 * * * *"
                      retention-days: 14
                    people_db:
                      engine: sqlite
                      connection:
                        path: %s
                """.formatted(orders, users));
        Map<String, String> env = env(orders);
        env.remove("SQLITE_PATH");
        env.put("BACKUP_CONFIG", yml.toString());
        Result run = run(env, "run");
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(Files.list(tmp.resolve("backups/orders")).anyMatch(f -> f.toString().endsWith(".db.gz")));
        assertTrue(Files.list(tmp.resolve("backups/people_db")).anyMatch(f -> f.toString().endsWith(".db.gz")),
                "a target's name is kept as written");
        Result one = run(env, "run", "people_db");
        assertEquals(0, one.exitCode(), one.stdout() + one.stderr());
        Result status = run(env, "status");
        assertTrue(status.stdout().contains("*/30 * * * *") && status.stdout().contains("14 days"), status.stdout());
    }

    @Test
    void runGoesThroughTheRunningDaemon() throws Exception {
        Path db = SqliteFixture.create(tmp.resolve("app.db"), "WAL", 100);
        Map<String, String> env = env(db);
        env.put("BACKUP_SCHEDULE", "0 0 1 1 *");
        env.put("BACKUP_LOG_FILE", tmp.resolve("backstop.log").toString());
        Result noDaemon = run(env, "health");
        assertEquals(1, noDaemon.exitCode(), "no daemon, not healthy");
        assertTrue(noDaemon.stderr().contains("no daemon answers"), noDaemon.stderr());
        daemon = builder(env).redirectErrorStream(true).redirectOutput(tmp.resolve("daemon.log").toFile()).start();
        awaitHealth(Integer.parseInt(env.get("BACKUP_HTTP_PORT")));
        awaitBackups(1); // the catch-up run at start-up

        Result run = run(env, "run", "app");
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr() + Files.readString(tmp.resolve("daemon.log")));
        assertEquals(2, backups().size());
        String log = Files.readString(tmp.resolve("daemon.log"));
        assertTrue(log.contains("backup started: target=app run=2 engine=sqlite trigger=api"),
                "the daemon, not the CLI process, made the second backup:\n" + log);
        Result health = run(env, "health");
        assertEquals(0, health.exitCode(), health.stdout() + health.stderr());
        assertTrue(health.stdout().startsWith("app: OK, newest backup is ") && health.stdout().endsWith("healthy\n"), health.stdout());
        assertTrue(Files.readString(tmp.resolve("backstop.log")).contains("backup succeeded: target=app run=2"),
                "BACKUP_LOG_FILE gets the same lines as stdout");
    }

    @Test
    void demoBacksUpTheExampleDatabaseAndAnswersHealthy() throws Exception {
        int port = freePort();
        daemon = builder(Map.of("BACKUP_HTTP_PORT", String.valueOf(port)), "demo")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("daemon.log").toFile()).start();
        awaitHealth(port);
        Path dir = tmp.resolve("backstop-demo/backups/shop");
        for (int i = 0; i < 300 && (!Files.isDirectory(dir) || Files.list(dir).noneMatch(f -> f.toString().endsWith(".db.gz"))); i++) {
            Thread.sleep(100);
        }
        Path backup;
        try (Stream<Path> files = Files.list(dir)) {
            backup = files.filter(f -> f.toString().endsWith(".db.gz")).findFirst().orElseThrow();
        }
        Path copy = SqliteFixture.gunzip(backup, tmp.resolve("shop-copy.db"));
        assertEquals("ok", SqliteFixture.integrity(copy));
        assertEquals(1000, SqliteFixture.count(copy, "customers"));
        HttpURLConnection health = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health").toURL().openConnection();
        assertEquals(200, health.getResponseCode());
    }

    void awaitHealth(int port) throws Exception {
        PackagedJar.awaitHealth(port, daemon, tmp.resolve("daemon.log"));
    }

    void awaitBackups(int count) throws Exception {
        for (int i = 0; i < 300 && backups().size() < count; i++) {
            Thread.sleep(100);
        }
        assertEquals(count, backups().size());
    }

    @Test
    void s3CopyFromEnvironmentAndSecretFilesIsListedAndRestoredWhenTheLocalFileIsGone() throws Exception {
        try (S3Server server = new S3Server()) {
            server.createBucket("cli-backups");
            Path db = SqliteFixture.create(tmp.resolve("app.db"), "WAL", 300);
            Map<String, String> env = env(db);
            env.put("S3_BUCKET", "cli-backups");
            env.put("S3_ENDPOINT", server.endpoint());
            env.put("S3_PATH_STYLE", "true");
            env.put("AWS_ACCESS_KEY_ID_FILE", Files.writeString(tmp.resolve("key-id"), S3Server.ACCESS_KEY + "\n").toString());
            env.put("AWS_SECRET_ACCESS_KEY_FILE", Files.writeString(tmp.resolve("secret"), S3Server.SECRET_KEY + "\n").toString());

            Result run = run(env, "run", "app");
            assertEquals(0, run.exitCode(), run.stderr());
            assertTrue(run(env, "list").stdout().contains(" both "), "on the volume and on S3");
            for (Path backup : backups()) {
                Files.delete(backup);
                Files.delete(backup.resolveSibling(backup.getFileName() + ".manifest.json"));
            }
            Result list = run(env, "list");
            assertTrue(list.stdout().contains(" s3 "), list.stdout());

            Path restored = tmp.resolve("restored.db");
            Result restore = run(env, "restore", "1", "--to", restored.toString());
            assertEquals(0, restore.exitCode(), restore.stderr());
            assertTrue(restore.stdout().contains("restored s3://cli-backups/backstop/app/app_backup_"), restore.stdout());
            assertTrue(restore.stdout().contains("SHA-256 matched its manifest"), restore.stdout());
            assertEquals(SqliteFixture.contentChecksum(db), SqliteFixture.contentChecksum(restored));
            String everything = run.stdout() + run.stderr() + list.stdout() + list.stderr() + restore.stdout() + restore.stderr();
            assertTrue(!everything.contains(S3Server.SECRET_KEY), "the secret never appears in output");
        }
    }

    /**
     * list and status take the shortcut to the daemon (no application context); what they print must be what the API
     * says, errors included.
     */
    @Test
    void listAndStatusPrintWhatTheDaemonsApiSays() throws Exception {
        Path db = SqliteFixture.create(tmp.resolve("app.db"), "WAL", 100);
        Map<String, String> env = env(db);
        env.put("BACKUP_SCHEDULE", "0 0 1 1 *");
        env.put("BACKUP_API_KEY", "the-right-key");
        int port = Integer.parseInt(env.get("BACKUP_HTTP_PORT"));
        daemon = builder(env).redirectErrorStream(true).redirectOutput(tmp.resolve("daemon.log").toFile()).start();
        awaitHealth(port);
        awaitBackups(1);

        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Result list = run(env, "list", "--json", "-n", "5");
        assertEquals(0, list.exitCode(), list.stderr());
        assertEquals(json.readTree(api(port, "/api/backups?limit=5", "the-right-key")), json.readTree(list.stdout()));
        Result status = run(env, "status", "--json");
        assertEquals(0, status.exitCode(), status.stderr());
        com.fasterxml.jackson.databind.JsonNode printed = json.readTree(status.stdout());
        com.fasterxml.jackson.databind.JsonNode served = json.readTree(api(port, "/api/status", "the-right-key"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) printed).remove("volumeFreeBytes"); // the volume changes between the two reads
        ((com.fasterxml.jackson.databind.node.ObjectNode) served).remove("volumeFreeBytes");
        ((com.fasterxml.jackson.databind.node.ObjectNode) printed.get("targets").get(0)).remove(List.of("reason", "newestGood"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) served.get("targets").get(0)).remove(List.of("reason", "newestGood"));
        assertEquals(served, printed);
        Path loaded = tmp.resolve("classes.txt");
        Result table = finish(PackagedJar.builder(tmp, env, List.of("-Xlog:class+load=info:file=" + loaded), "list", "app"));
        assertFalse(Files.readString(loaded).contains("io.micronaut.context.DefaultApplicationContext "),
                "list with a daemon answering starts no application context");
        assertTrue(table.stdout().contains(" app ") && table.stdout().contains("SUCCEEDED") && table.stdout().contains(".db.gz"), table.stdout());
        Result unknown = run(env, "list", "nosuch");
        assertEquals(2, unknown.exitCode(), unknown.stdout());
        assertTrue(unknown.stderr().startsWith("unknown target 'nosuch'"), unknown.stderr());
    }

    static String api(int port, String path, String key) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        connection.setRequestProperty("X-API-Key", key);
        assertEquals(200, connection.getResponseCode(), path);
        try (var body = connection.getInputStream()) {
            return new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void withTheDemoRunningEveryCommandSeesTheDemoFromAnyDirectory() throws Exception {
        int port = freePort();
        Result help = run(Map.of("BACKUP_HTTP_PORT", String.valueOf(port)), "demo", "--help");
        assertEquals(0, help.exitCode(), help.stderr());
        assertTrue(help.stdout().startsWith("Usage: backstop demo"), help.stdout());
        assertTrue(Files.notExists(tmp.resolve("backstop-demo")), "--help starts no demo");
        assertTrue(run(Map.of(), "--help").stdout().contains("demo "), "demo is listed in --help");

        daemon = builder(Map.of("BACKUP_HTTP_PORT", String.valueOf(port)), "demo")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("daemon.log").toFile()).start();
        awaitHealth(port);
        assertTrue(Files.readString(tmp.resolve("daemon.log")).contains("BACKUP_HTTP_PORT=" + port + " java -jar " + PackagedJar.JAR + " status"),
                "the demo prints the commands to try next");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Map<String, String> onlyThePort = Map.of("BACKUP_HTTP_PORT", String.valueOf(port));
        Result run = whileDemoIsIdle(() -> PackagedJar.builder(elsewhere, onlyThePort, List.of(), "run"));
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("SUCCEEDED   shop (run "), run.stdout());
        Result list = finish(PackagedJar.builder(elsewhere, onlyThePort, List.of(), "list"));
        assertEquals(0, list.exitCode(), list.stderr());
        assertTrue(list.stdout().contains(" shop ") && list.stdout().contains("local         quick"), list.stdout());
        Result status = finish(PackagedJar.builder(elsewhere, onlyThePort, List.of(), "status"));
        assertEquals(0, status.exitCode(), status.stdout() + status.stderr());
        assertTrue(status.stdout().startsWith("shop (sqlite) OK") && status.stdout().contains("verified:      quick passed at "),
                status.stdout());
        Result restore = whileDemoIsIdle(() -> PackagedJar.builder(elsewhere, onlyThePort, List.of(), "restore", "1", "--to", "copy.db"));
        assertEquals(0, restore.exitCode(), restore.stderr());
        assertEquals("ok", SqliteFixture.integrity(elsewhere.resolve("copy.db")), "a relative path is the caller's, not the daemon's");
        Result verify = whileDemoIsIdle(() -> PackagedJar.builder(elsewhere, onlyThePort, List.of(), "verify", "shop"));
        assertEquals(0, verify.exitCode(), verify.stderr());
        assertTrue(verify.stdout().startsWith("PASSED  quick shop (run ") && verify.stdout().contains("customers="), verify.stdout());
        Result health = finish(PackagedJar.builder(elsewhere, onlyThePort, List.of(), "health"));
        assertTrue(health.stdout().startsWith("shop: OK, "), health.stdout());
    }

    @Test
    void withoutADaemonTheCliSaysWhatItUsesAndNoTargetsIsAnError() throws Exception {
        Result noTargets = run(Map.of("BACKUP_HTTP_PORT", String.valueOf(freePort()), "BACKUP_DIR", tmp.resolve("b").toString()), "status");
        assertEquals(2, noTargets.exitCode(), noTargets.stdout());
        assertTrue(noTargets.stderr().contains("no daemon answers on loopback") && noTargets.stderr().contains("no target configured"),
                noTargets.stderr());
        Map<String, String> typo = new HashMap<>(Map.of("SQLITE_PATHS", "/data/app.db", "BACKUP_DIR", tmp.resolve("b").toString(),
                "BACKUP_HTTP_PORT", String.valueOf(freePort())));
        Result daemonRefused = run(typo);
        assertEquals(2, daemonRefused.exitCode(), "the daemon does not start without targets");
        assertTrue(daemonRefused.stderr().contains("no target configured") && daemonRefused.stderr().contains("SQLITE_PATHS is set but unknown; did you mean SQLITE_PATH?"),
                daemonRefused.stderr());

        Path db = SqliteFixture.create(tmp.resolve("app.db"), "WAL", 5);
        Result status = run(env(db), "status");
        assertTrue(status.stderr().contains("using this process's own settings") && status.stderr().contains("targets [app (sqlite)]"),
                status.stderr());
    }

    @Test
    void concurrentRunsThroughTheDaemonAreRefusedInOneLineEach() throws Exception {
        Path db = SqliteFixture.create(tmp.resolve("app.db"), "WAL", 20_000);
        Map<String, String> env = env(db);
        env.put("BACKUP_SCHEDULE", "0 0 1 1 *");
        daemon = builder(env).redirectErrorStream(true).redirectOutput(tmp.resolve("daemon.log").toFile()).start();
        awaitHealth(Integer.parseInt(env.get("BACKUP_HTTP_PORT")));
        awaitBackups(1);
        List<Process> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clients.add(builder(env, "run", "app").redirectErrorStream(true).redirectOutput(tmp.resolve("client" + i + ".log").toFile()).start());
        }
        int refused = 0;
        for (int i = 0; i < clients.size(); i++) {
            assertTrue(clients.get(i).waitFor(120, TimeUnit.SECONDS));
            String out = Files.readString(tmp.resolve("client" + i + ".log"));
            assertFalse(out.contains("Exception") || out.contains("\tat "), "no stack trace: " + out);
            if (clients.get(i).exitValue() != 0) {
                refused++;
                assertTrue(out.matches("already running: app \\(run \\d+, started \\d\\d:\\d\\d:\\d\\dZ\\)\n"), out);
            }
        }
        assertTrue(refused > 0, "some of the concurrent runs were refused");
    }
}
