package io.backstop.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of the test's own with the binary log on (ROW format, server_id 1), its datadir in {@code dir}
 * (put it on /dev/shm: it starts in about a second). The shared server on 3306 has no binlog. Root has no password;
 * {@link #restart} keeps the datadir and the port, as a server restart in production does.
 */
public final class BinlogMariaDb implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private BinlogMariaDb(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static BinlogMariaDb start(Path dir) throws Exception {
        Path datadir = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("tmp"));
        Process install = new ProcessBuilder(tool("mariadb-install-db"), "--no-defaults", "--datadir=" + datadir,
                "--auth-root-authentication-method=normal", "--skip-test-db", "--user=" + System.getProperty("user.name"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile()).start();
        if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
            throw new IOException("mariadb-install-db failed: " + Files.readString(dir.resolve("install.log")));
        }
        BinlogMariaDb server = new BinlogMariaDb(dir, freePort());
        server.startServer();
        return server;
    }

    public int port() {
        return port;
    }

    public Path binlogDir() {
        return dir.resolve("data");
    }

    public void restart() throws Exception {
        stopServer();
        startServer();
    }

    private void startServer() throws Exception {
        process = new ProcessBuilder(tool("mariadbd"), "--no-defaults", "--user=" + System.getProperty("user.name"),
                "--datadir=" + dir.resolve("data"), "--tmpdir=" + dir.resolve("tmp"), "--socket=" + dir.resolve("s.sock"),
                "--pid-file=" + dir.resolve("mariadbd.pid"), "--port=" + port, "--bind-address=127.0.0.1",
                "--log-bin=mysql-bin", "--server-id=1", "--binlog-format=ROW", "--innodb-buffer-pool-size=64M",
                "--innodb-flush-log-at-trx-commit=2")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mariadbd.log").toFile())).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try (Connection c = root()) {
                return;
            } catch (SQLException notYet) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IOException("the binlog mariadbd did not start: " + Files.readString(dir.resolve("mariadbd.log")));
                }
                Thread.sleep(100);
            }
        }
    }

    private void stopServer() throws InterruptedException {
        process.destroy(); // SIGTERM: a clean shutdown, which closes the binlog with a stop event
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public Connection root() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/?user=root&password=&allowMultiQueries=true");
    }

    public void execute(String... statements) throws SQLException {
        try (Connection c = root(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    public List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = root(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** Row count and CHECKSUM TABLE of every base table, by name. */
    public Map<String, String> checksums(String database) throws SQLException {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String table : strings("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + database
                + "' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            String rows = strings("SELECT count(*) FROM `" + database + "`.`" + table + "`").get(0);
            sums.put(table, rows + " rows, checksum " + checksum(database, table));
        }
        return sums;
    }

    private String checksum(String database, String table) throws SQLException {
        try (Connection c = root(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("CHECKSUM TABLE `" + database + "`.`" + table + "`")) {
            rs.next();
            return rs.getString(2);
        }
    }

    /** Connection settings of a full-mode target on this server, with binlog capture on. */
    public Map<String, Object> target(Path backupDir, String target, String databases) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("micronaut.server.port", "-1");
        p.put("backstop.dir", backupDir.toString());
        p.put("backstop.scheduler.enabled", "false");
        p.put("backstop.targets." + target + ".engine", "mysql");
        p.put("backstop.targets." + target + ".connection.host", "127.0.0.1");
        p.put("backstop.targets." + target + ".connection.port", String.valueOf(port));
        p.put("backstop.targets." + target + ".connection.user", "root");
        p.put("backstop.targets." + target + ".connection.password", "");
        p.put("backstop.targets." + target + ".connection.databases", databases);
        p.put("backstop.targets." + target + ".binlog.enabled", "true");
        return p;
    }

    /** Stops the server and deletes its directory: on /dev/shm, what is left behind takes memory until reboot. */
    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String tool(String name) {
        for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"}) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new IllegalStateException(name + " is not installed (Debian: apt-get install mariadb-server); the point-in-time"
                + " tests need a MariaDB server of their own with the binlog on");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
