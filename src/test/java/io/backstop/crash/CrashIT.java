package io.backstop.crash;

import io.backstop.support.MariaDb;
import io.backstop.support.PackagedJar;
import io.backstop.support.Processes;
import io.backstop.support.SqliteFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL at named moments of single- and multi-database runs of the packaged daemon, then a restart. After each:
 * no SUCCEEDED record for a run that did not write all its parts, no final-named file without its manifest and its
 * record, no secret file, no partial file; and backing up goes on.
 */
class CrashIT {
    static final String USER = "bs_crash";
    static final String PASSWORD = "crash-s3cret-\"pw\"";

    @TempDir
    Path tmp;
    Process daemon;
    final List<String> databases = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        Processes.workingIn(tmp).forEach(ProcessHandle::destroyForcibly);
        MariaDb.drop(databases.toArray(String[]::new));
    }

    /**
     * @param killPoint   where the first daemon is killed (see {@code io.backstop.KillPoint})
     * @param killedRun   what the killed run must be recorded as after the restart
     * @param dropCatalog whether catalog.db is deleted too, so the records are rebuilt from the manifests alone
     */
    @ParameterizedTest(name = "two databases, killed at {0}, catalog dropped: {2}")
    @CsvSource({
            "secret-written:1,   INTERRUPTED, false",
            "manifest-written:1, INTERRUPTED, false",
            "manifest-final:1,   INTERRUPTED, false",
            "data-final:1,       INTERRUPTED, false",
            "data-final:1,       INTERRUPTED, true",
            "manifest-written:2, INTERRUPTED, false",
            "manifest-final:2,   INTERRUPTED, true",
            "data-final:2,       SUCCEEDED,   false",
            "data-final:2,       SUCCEEDED,   true",
            "run-complete,       SUCCEEDED,   false"})
    void multiDatabaseRun(String killPoint, String killedRun, boolean dropCatalog) throws Exception {
        MariaDb.ensureUser(USER, PASSWORD);
        for (int i = 0; i < 2; i++) {
            String db = MariaDb.newDatabase();
            databases.add(db);
            MariaDb.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(40))");
            MariaDb.execute("INSERT INTO " + db + ".t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
        Map<String, String> env = new HashMap<>();
        env.put("MYSQL_HOST", MariaDb.HOST);
        env.put("MYSQL_PORT", String.valueOf(MariaDb.PORT));
        env.put("MYSQL_USER", USER);
        env.put("MYSQL_PASSWORD_FILE", Files.writeString(tmp.resolve("mysql-password"), PASSWORD).toString());
        env.put("MYSQL_DB", String.join(",", databases));
        crashAndRestart(env, "mysql", killPoint, dropCatalog, 2);
        if (killPoint.startsWith("secret-written")) {
            assertTrue(secretsLeftByTheKill.stream().anyMatch(f -> f.endsWith("client.cnf")),
                    "the killed daemon had its MySQL defaults file: " + secretsLeftByTheKill);
        }
        assertRun(1, killedRun);
    }

    @ParameterizedTest(name = "one SQLite file, killed at {0}")
    @CsvSource({
            "manifest-written, INTERRUPTED",
            "manifest-final,   INTERRUPTED",
            "data-final,       SUCCEEDED"})
    void singleFileRun(String killPoint, String killedRun) throws Exception {
        Path db = SqliteFixture.create(tmp.resolve("app.db"), "WAL", 200);
        crashAndRestart(Map.of("SQLITE_PATH", db.toString()), "app", killPoint, false, 1);
        assertRun(1, killedRun);
    }

    @Test
    void theMongodumpConfigFileDoesNotOutliveAKill() throws Exception {
        Path tools = mongoTools();
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URI", "mongodb://backup:" + "m0ngo-secret" + "@127.0.0.1:1/?serverSelectionTimeoutMS=500");
        env.put("MONGO_MODE", "mongodump");
        env.put("PATH", tools + ":" + System.getenv("PATH"));
        env.put("BACKUP_DIR", tmp.resolve("backups").toString());
        env.put("BACKUP_SCHEDULE", "0 0 1 1 *");
        int port = PackagedJar.freePort();
        env.put("BACKUP_HTTP_PORT", String.valueOf(port));
        startDaemon(env, "secret-written:1");
        awaitKillPoint();
        secretsLeftByTheKill = secretFiles();
        assertTrue(secretsLeftByTheKill.stream().anyMatch(f -> f.endsWith("mongodump.yaml")), secretsLeftByTheKill.toString());
        kill();
        // any start cleans up, a CLI command as well as the daemon
        Process list = PackagedJar.builder(tmp, env, jvmOptions(null), "list").redirectErrorStream(true)
                .redirectOutput(tmp.resolve("list.log").toFile()).start();
        assertTrue(list.waitFor(120, TimeUnit.SECONDS));
        assertEquals(List.of(), secretFiles(), "no secret file survives a kill plus a restart");
    }

    /**
     * Killed while a full verification's restore is done and its counting has not begun: the throwaway mariadbd
     * (local) outlives the kill, or the scratch database (server) stays on the server. The next start stops and removes
     * them, and the next full verification passes.
     */
    @ParameterizedTest(name = "a full verification killed halfway, VERIFY_MYSQL={0}")
    @ValueSource(strings = {"local", "server"})
    void aKilledFullVerificationLeavesNothingBehindAfterTheNextStart(String place) throws Exception {
        String db = MariaDb.newDatabase();
        databases.add(db);
        databases.add("backstop_verify_" + db);
        MariaDb.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(40))");
        MariaDb.execute("INSERT INTO " + db + ".t VALUES (1, 'one'), (2, 'two')");
        Map<String, String> env = new HashMap<>();
        env.put("MYSQL_HOST", MariaDb.HOST);
        env.put("MYSQL_PORT", String.valueOf(MariaDb.PORT));
        env.put("MYSQL_USER", "root");
        env.put("MYSQL_DB", db);
        env.put("VERIFY_MYSQL", place);
        env.put("BACKUP_DIR", tmp.resolve("backups").toString());
        env.put("BACKUP_SCHEDULE", "0 0 1 1 *");
        int port = PackagedJar.freePort();
        env.put("BACKUP_HTTP_PORT", String.valueOf(port));
        String scratchDatabases = "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'backstop_verify_" + db + "'";

        startDaemon(env, "verify-restored");
        PackagedJar.awaitHealth(port, daemon, tmp.resolve("daemon.log"));
        awaitRun(port, 1);
        assertEquals(202, post(port, "/api/verify/mysql?full=true"));
        awaitKillPoint();
        kill();
        if (place.equals("local")) {
            assertFalse(Processes.describedWorkingIn(tmp.resolve("backups")).isEmpty(), "the throwaway mariadbd outlived the kill");
        } else {
            assertEquals(1, MariaDb.scalar("mysql", scratchDatabases), "the scratch database outlived the kill");
        }

        startDaemon(env, null);
        PackagedJar.awaitHealth(port, daemon, tmp.resolve("daemon.log"));
        for (int i = 0; i < 100 && MariaDb.scalar("mysql", scratchDatabases) > 0; i++) {
            Thread.sleep(100); // dropped in the background
        }
        assertEquals(0, MariaDb.scalar("mysql", scratchDatabases), "no scratch database after the restart");
        assertEquals(List.of(), Processes.describedWorkingIn(tmp.resolve("backups")), "no throwaway server after the restart");
        try (Stream<Path> files = Files.walk(tmp.resolve("backups"))) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(".scratch-")).toList());
        }
        assertEquals(202, post(port, "/api/verify/mysql?full=true"));
        for (int i = 0; i < 600 && !fullVerificationPassed(); i++) {
            Thread.sleep(100);
        }
        assertTrue(fullVerificationPassed(),
                "the next full verification passes:\n" + Files.readString(tmp.resolve("daemon.log")));
    }

    private boolean fullVerificationPassed() throws Exception {
        return Files.readString(tmp.resolve("daemon.log")).lines()
                .anyMatch(line -> line.contains("verification passed") && line.contains("level=full"));
    }

    private static int post(int port, String path) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        c.setRequestMethod("POST");
        return c.getResponseCode();
    }

    private void awaitRun(int port, long id) throws Exception {
        for (int i = 0; i < 600; i++) {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/api/backups/" + id).toURL().openConnection();
            if (c.getResponseCode() == 200 && new String(c.getInputStream().readAllBytes()).contains("\"SUCCEEDED\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " did not succeed:\n" + Files.readString(tmp.resolve("daemon.log")));
    }

    static Path mongoTools() {
        return io.backstop.support.MongoDatabaseTools.dir();
    }

    List<String> secretsLeftByTheKill = List.of();

    private void crashAndRestart(Map<String, String> engineEnv, String target, String killPoint, boolean dropCatalog,
                                 int parts) throws Exception {
        Map<String, String> env = new HashMap<>(engineEnv);
        env.put("BACKUP_DIR", tmp.resolve("backups").toString());
        env.put("BACKUP_SCHEDULE", "0 0 1 1 *"); // only the catch-up run at start-up
        int port = PackagedJar.freePort();
        env.put("BACKUP_HTTP_PORT", String.valueOf(port));

        startDaemon(env, killPoint);
        awaitKillPoint();
        secretsLeftByTheKill = secretFiles();
        kill();
        if (dropCatalog) {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(tmp.resolve("backups/catalog.db" + suffix));
            }
        }

        startDaemon(env, null);
        PackagedJar.awaitHealth(port, daemon, tmp.resolve("daemon.log"));
        HttpURLConnection trigger = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/api/backups").toURL().openConnection();
        trigger.setRequestMethod("POST");
        trigger.getResponseCode(); // 202, or 409 while the catch-up run is still going
        awaitNoOpenRun(port);
        daemon.destroy();
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the restarted daemon stops on SIGTERM");

        String log = Files.readString(tmp.resolve("daemon.log"));
        assertVolumeAgreesWithCatalog(target, parts, log);
        assertEquals(List.of(), secretFiles(), "no secret file survives a kill plus a restart");
        assertRun(2, "SUCCEEDED");
    }

    private void startDaemon(Map<String, String> env, String killPoint) throws Exception {
        Path log = tmp.resolve("daemon.log");
        daemon = PackagedJar.builder(tmp, env, jvmOptions(killPoint)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private List<String> jvmOptions(String killPoint) throws Exception {
        List<String> options = new ArrayList<>(List.of("-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("jtmp"))));
        if (killPoint != null) {
            options.add("-Dbackstop.kill-point=" + killPoint);
        }
        return options;
    }

    private void awaitKillPoint() throws Exception {
        Path log = tmp.resolve("daemon.log");
        for (int i = 0; i < 600; i++) {
            if (Files.exists(log) && Files.readString(log).contains("KILL-POINT")) {
                return;
            }
            assertTrue(daemon.isAlive(), "the daemon died before the kill point:\n" + Files.readString(log));
            Thread.sleep(100);
        }
        throw new AssertionError("the run never reached the kill point:\n" + Files.readString(log));
    }

    private void kill() throws Exception {
        daemon.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
    }

    private void awaitNoOpenRun(int port) throws Exception {
        for (int i = 0; i < 600; i++) {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/api/backups").toURL().openConnection();
            String body = new String(c.getInputStream().readAllBytes());
            if (!body.contains("\"RUNNING\"") && !body.contains("\"QUEUED\"") && body.contains("\"id\":2")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the run after the restart did not finish:\n" + Files.readString(tmp.resolve("daemon.log")));
    }

    /** Every final-named file has its manifest and a SUCCEEDED record; every SUCCEEDED run has all its files. */
    private void assertVolumeAgreesWithCatalog(String target, int parts, String log) throws Exception {
        Path dir = tmp.resolve("backups").resolve(target);
        List<String> names;
        try (Stream<Path> all = Files.walk(tmp.resolve("backups"))) {
            List<Path> files = all.toList();
            assertFalse(files.stream().anyMatch(f -> f.toString().endsWith(".partial")), "no partial file: " + files);
            assertFalse(files.stream().anyMatch(f -> f.getFileName().toString().startsWith(".scratch-")), "no scratch: " + files);
        }
        try (Stream<Path> listed = Files.list(dir)) {
            names = listed.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(target + "_backup_")).toList();
        }
        Set<String> recorded = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("backups/catalog.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, file FROM backup_runs WHERE status = 'SUCCEEDED'")) {
            while (rs.next()) {
                List<String> files = Arrays.asList(rs.getString("file").split(","));
                assertEquals(parts, files.size(), "run " + rs.getLong("id") + " recorded as SUCCEEDED holds every part: " + files);
                for (String file : files) {
                    assertTrue(names.contains(file), "the file of SUCCEEDED run " + rs.getLong("id") + " exists: " + file + "\n" + log);
                    assertTrue(names.contains(file + ".manifest.json"), "with its manifest: " + file);
                }
                recorded.addAll(files);
            }
        }
        for (String name : names) {
            String data = name.replace(".manifest.json", "");
            assertTrue(names.contains(data) && names.contains(data + ".manifest.json") && recorded.contains(data),
                    name + " has its file, its manifest and a SUCCEEDED record; on the volume: " + names + "\n" + log);
        }
    }

    private void assertRun(long id, String status) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("backups/catalog.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status, error FROM backup_runs WHERE id = " + id)) {
            assertTrue(rs.next(), "run " + id + " is recorded:\n" + Files.readString(tmp.resolve("daemon.log")));
            assertEquals(status, rs.getString("status"), "run " + id + ": " + rs.getString("error"));
        }
    }

    /** Every file under Backstop's secret directories except the owner locks. */
    private List<String> secretFiles() throws Exception {
        Path jtmp = tmp.resolve("jtmp");
        if (!Files.isDirectory(jtmp)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(jtmp)) {
            return all.filter(Files::isRegularFile).map(Path::toString)
                    .filter(f -> f.contains("backstop-secrets-") && !f.endsWith(".owner.lock")).toList();
        }
    }
}
