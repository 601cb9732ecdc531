package io.backstop.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, on tmpfs, that checks passwords (scram-sha-256), unlike the shared one (trust):
 * for wrong passwords, a password file that must work, and a server that goes down. Runs as the {@code postgres}
 * system user when the tests run as root, since PostgreSQL refuses to run as root.
 */
public final class ThrowawayPostgres implements AutoCloseable {
    public static final String USER = "postgres";

    private final Path dir;
    private final int port;
    private final String password;
    private Process server;

    private ThrowawayPostgres(Path dir, int port, String password) {
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    public static ThrowawayPostgres start(String password) throws Exception {
        Path bin = binaries();
        Path dir = Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of("/tmp"), "bs-pg-");
        Path passwordFile = dir.resolve("pw");
        Files.writeString(passwordFile, password + "\n");
        if (isRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        }
        run(asPostgres(List.of(bin.resolve("initdb").toString(), "--pgdata=" + dir.resolve("data"), "--username=" + USER,
                "--auth=scram-sha-256", "--pwfile=" + passwordFile, "--encoding=UTF8", "--no-sync")));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ThrowawayPostgres postgres = new ThrowawayPostgres(dir, port, password);
        postgres.startServer();
        return postgres;
    }

    public int port() {
        return port;
    }

    public Connection connect(String database) throws SQLException {
        return PostgreSql.connect(PostgreSql.HOST, port, USER, password, database);
    }

    /** Stops the server; {@link #startServer} brings the same data back. */
    public void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
            server = null;
        }
    }

    public void startServer() throws Exception {
        Path bin = binaries();
        server = new ProcessBuilder(asPostgres(List.of(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                "-p", String.valueOf(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException notYet) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the throwaway PostgreSQL did not start: " + Files.readString(dir.resolve("server.log")), notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() throws Exception {
        stopServer();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The newest installed server's programs, e.g. /usr/lib/postgresql/15/bin. */
    static Path binaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)"));
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
