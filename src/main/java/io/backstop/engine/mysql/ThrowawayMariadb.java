package io.backstop.engine.mysql;

import io.backstop.engine.ChildProcess;
import io.backstop.engine.SecretFile;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A MariaDB server of Backstop's own for a full verification ({@code VERIFY_MYSQL=local}): its datadir in the
 * verification's scratch directory, listening on loopback only, with a user and random password made for this one
 * start; events can never run in it, and nothing is made durable (the datadir is thrown away). Killed on close. If
 * Backstop itself is killed meanwhile, the next start stops it (see {@code ScratchProcesses}).
 */
final class ThrowawayMariadb implements AutoCloseable {
    private static final String USER = "backstop_verify";
    private static final long START_TIMEOUT_MILLIS = 120_000;
    private static final int PORT_ATTEMPTS = 3;

    /** The server binaries: {@code mariadbd} and {@code mariadb-install-db}. */
    record Binaries(Path server, Path installDb) {
        static Optional<Binaries> find() {
            Optional<Path> server = tool("mariadbd");
            Optional<Path> installDb = tool("mariadb-install-db").or(() -> tool("mysql_install_db"));
            return server.isPresent() && installDb.isPresent() ? Optional.of(new Binaries(server.get(), installDb.get())) : Optional.empty();
        }

        /** On PATH, or where Debian puts server binaries ({@code /usr/sbin} is not on every user's PATH). */
        private static Optional<Path> tool(String name) {
            return ChildProcess.onPath(name).or(() -> Optional.of(Path.of("/usr/sbin", name)).filter(Files::isExecutable));
        }
    }

    private final Process process;
    private final MysqlConnection connection;
    private final Path socket;
    private final Thread stopAtExit;

    private ThrowawayMariadb(Process process, MysqlConnection connection, Path socket) {
        this.process = process;
        this.socket = socket;
        this.connection = connection;
        this.stopAtExit = new Thread(process::destroyForcibly, "stop-throwaway-mariadbd");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    static ThrowawayMariadb start(Binaries binaries, Path scratch) throws IOException, InterruptedException {
        Path datadir = Files.createDirectory(scratch.resolve("mariadb-data"));
        Path tmpdir = Files.createDirectory(scratch.resolve("mariadb-tmp"));
        Path log = scratch.resolve("mariadbd.log");
        List<String> install = new ArrayList<>(List.of(binaries.installDb().toString(), "--no-defaults",
                "--datadir=" + datadir, "--auth-root-authentication-method=normal", "--skip-test-db"));
        asRootIfRoot(install);
        Process installing = ChildProcess.startInBackground(install, log);
        boolean installed = installing.waitFor(START_TIMEOUT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        ChildProcess.stop(installing);
        if (!installed || installing.exitValue() != 0) {
            throw new IOException(binaries.installDb().getFileName() + " could not create the throwaway datadir: " + tail(log));
        }
        String password = HexFormat.of().formatHex(randomBytes());
        Path socket = socket(scratch);
        try (SecretFile init = SecretFile.write("mariadbd", "init.sql", "CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '"
                + password + "';\nGRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'127.0.0.1' WITH GRANT OPTION;\n")) {
            IOException last = null;
            for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
                int port = freePort();
                List<String> command = new ArrayList<>(List.of(binaries.server().toString(), "--no-defaults",
                        "--datadir=" + datadir, "--tmpdir=" + tmpdir, "--socket=" + socket,
                        "--pid-file=" + scratch.resolve("mariadbd.pid"), "--port=" + port, "--bind-address=127.0.0.1",
                        "--skip-name-resolve", "--init-file=" + init.path(), "--event-scheduler=OFF",
                        "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--innodb-buffer-pool-size=256M",
                        "--innodb-log-file-size=256M", "--max-allowed-packet=1G", "--skip-log-bin"));
                asRootIfRoot(command);
                Process server = ChildProcess.startInBackground(command, log);
                MysqlConnection connection = new MysqlConnection("127.0.0.1", port, USER, password);
                try {
                    awaitReady(server, connection, log);
                    return new ThrowawayMariadb(server, connection, socket);
                } catch (IOException e) {
                    ChildProcess.stop(server);
                    last = e;
                    if (!tail(log).contains("Address already in use")) {
                        throw e;
                    }
                }
            }
            throw last;
        }
    }

    MysqlConnection connection() {
        return connection;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        ChildProcess.stop(process);
        Files.deleteIfExists(socket);
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; the process is already gone
        }
    }

    private static void awaitReady(Process server, MysqlConnection connection, Path log) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        SQLException lastRefusal = null;
        while (System.currentTimeMillis() < deadline) {
            if (!server.isAlive()) {
                throw new IOException("the throwaway mariadbd stopped while starting: " + tail(log));
            }
            try (Connection c = connection.open()) {
                return;
            } catch (SQLException notYet) {
                lastRefusal = notYet;
                Thread.sleep(100);
            }
        }
        throw new IOException("the throwaway mariadbd did not accept connections within " + START_TIMEOUT_MILLIS / 1000 + " s: "
                + (lastRefusal == null ? "" : lastRefusal.getMessage() + "; ") + tail(log));
    }

    /** mariadbd refuses to run as root unless told to; in the image Backstop is not root. */
    private static void asRootIfRoot(List<String> command) {
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root");
        }
    }

    /**
     * A Unix socket path has at most 107 bytes; only TCP is used, but mariadbd needs a socket somewhere. A deep volume
     * path gets {@code /tmp}, where a killed server's socket file stays behind (empty, harmless).
     */
    private static Path socket(Path scratch) {
        Path inScratch = scratch.resolve("mariadbd.sock");
        return inScratch.toString().length() < 100 ? inScratch
                : Path.of(System.getProperty("java.io.tmpdir"), "backstop-mariadbd-" + ProcessHandle.current().pid() + "-"
                        + HexFormat.of().formatHex(randomBytes()).substring(0, 8) + ".sock");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** The last lines mariadbd logged, for an error message. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
