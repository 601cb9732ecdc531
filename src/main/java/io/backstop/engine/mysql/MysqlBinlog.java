package io.backstop.engine.mysql;

import io.backstop.config.Target;
import io.backstop.engine.ChildProcess;
import io.backstop.engine.TransactionLog;
import io.backstop.storage.LogPosition;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * MySQL's and MariaDB's binlog, captured by {@code mariadb-binlog --read-from-remote-server --raw --stop-never}: the
 * tool connects as a replica and writes byte-identical copies of the server's binlog files into the directory, closed
 * files and the one the server is writing. A restart fetches the file it was writing again from its start (the tool
 * rewrites it whole), so the copy has no gap and no duplicate; a closed file is not fetched again.
 */
final class MysqlBinlog implements TransactionLog {
    private static final DateTimeFormatter STOP_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String CAPTURE_LOG = "capture.log";
    private static final int LINES_IN_ERROR = 5;

    private final Supplier<MysqlTools> tools;
    private final Clock clock;

    MysqlBinlog(Supplier<MysqlTools> tools, Clock clock) {
        this.tools = tools;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "binlog";
    }

    @Override
    public List<String> check(Target target) throws Exception {
        MysqlConnection connection = MysqlConnection.of(target);
        List<String> warnings = new ArrayList<>();
        try (Connection c = connection.open(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT @@log_bin, @@binlog_format, @@server_id")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new IllegalStateException("log_bin is OFF on " + connection + ": there is no binlog to capture; start the"
                            + " server with a binlog (my.cnf [mysqld]: log_bin=mysql-bin, server_id=1, binlog_format=ROW)");
                }
                if (!"ROW".equalsIgnoreCase(rs.getString(2))) {
                    warnings.add("binlog_format is " + rs.getString(2) + " on " + connection + ", not ROW: replayed statements can"
                            + " give other results than they gave on the server; set binlog_format=ROW");
                }
                if (rs.getLong(3) == target.logCapture().serverId()) {
                    throw new IllegalStateException("the server " + connection + " has server_id " + rs.getLong(3) + ", the id the"
                            + " capture would use as a replica; set " + target.keys().of("binlog.server-id") + " to another number");
                }
            }
            checkGrants(s, connection);
            for (long replica : replicaIds(s)) {
                if (replica == target.logCapture().serverId()) {
                    throw new IllegalStateException("a replica of " + connection + " already uses server id " + replica + ", the id"
                            + " the capture would use (the server would disconnect one of them); set "
                            + target.keys().of("binlog.server-id") + " to another number");
                }
            }
        }
        return warnings;
    }

    /** Streaming needs REPLICATION SLAVE; listing the files needs BINLOG MONITOR (MariaDB) or REPLICATION CLIENT (MySQL). */
    private static void checkGrants(Statement s, MysqlConnection connection) throws SQLException {
        StringBuilder global = new StringBuilder();
        try (ResultSet rs = s.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                String grant = rs.getString(1).toUpperCase(Locale.ROOT);
                if (grant.contains(" ON *.* ")) {
                    global.append(grant).append('\n');
                }
            }
        }
        String grants = global.toString();
        if (grants.contains("ALL PRIVILEGES")) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (!grants.contains("REPLICATION SLAVE") && !grants.contains("REPLICATION REPLICA")) {
            missing.add("REPLICATION SLAVE");
        }
        if (!grants.contains("BINLOG MONITOR") && !grants.contains("REPLICATION CLIENT") && !grants.contains("SUPER")) {
            missing.add("BINLOG MONITOR");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the user " + connection.user() + " may not read the binlog of " + connection + ": GRANT "
                    + String.join(", ", missing) + " ON *.* TO '" + connection.user() + "'@'%' (on MySQL, REPLICATION CLIENT"
                    + " instead of BINLOG MONITOR)");
        }
    }

    /** The server ids of registered replicas; none when the user may not ask. */
    private static List<Long> replicaIds(Statement s) {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SHOW SLAVE HOSTS")) {
            while (rs.next()) {
                ids.add(rs.getLong("Server_id"));
            }
        } catch (SQLException notAllowed) {
            // needs REPLICATION MASTER ADMIN; the clash then shows as the server disconnecting one of the two
        }
        return ids;
    }

    @Override
    public Start plan(Target target, Path dir) throws Exception {
        MysqlConnection connection = MysqlConnection.of(target);
        List<String> onServer = serverFiles(connection);
        BinlogDirectory captured = new BinlogDirectory(dir);
        List<BinlogDirectory.Name> local = captured.files();
        if (local.isEmpty()) {
            return new Start(onServer.get(onServer.size() - 1), null, false);
        }
        BinlogDirectory.Name last = local.get(local.size() - 1);
        BinlogDirectory.Name next = captured.summary(last).closed() ? last.next() : last;
        if (onServer.contains(next.text())) {
            return new Start(next.text(), null, false);
        }
        String oldest = onServer.get(0);
        String gap = "binlog " + next.text() + " is no longer on " + connection + " (purged, or the log was reset) and was "
                + (next == last ? "captured only in part" : "never captured") + "; the server's oldest is " + oldest
                + ": the changes in between are lost, point-in-time restore works again from the next full backup";
        BinlogDirectory.Name first = BinlogDirectory.Name.parse(oldest).orElseThrow();
        boolean numberingNew = !last.precedes(first);
        if (numberingNew) {
            setAside(dir, local);
        }
        return new Start(oldest, gap, numberingNew);
    }

    /** The server started its numbering again (RESET MASTER): the old files must not be overwritten by new ones. */
    private void setAside(Path dir, List<BinlogDirectory.Name> local) throws IOException {
        Path aside = Files.createDirectories(dir.resolve("before-reset-" + clock.instant().getEpochSecond()));
        for (BinlogDirectory.Name name : local) {
            Files.move(dir.resolve(name.text()), aside.resolve(name.text()));
        }
    }

    /** SHOW BINARY LOGS, oldest first; the names are checked, since they become file names. */
    private static List<String> serverFiles(MysqlConnection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = connection.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (BinlogDirectory.Name.parse(name).isEmpty()) {
                    throw new IllegalStateException("the server " + connection + " names a binlog '" + name + "', which is not"
                            + " a name Backstop can store (base.NNNNNN)");
                }
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("the server " + connection + " lists no binlog files: is log_bin on?");
        }
        return names;
    }

    @Override
    public Capturing start(Target target, Path dir, String firstFile) throws Exception {
        Path tool = tools.get().binlog().orElseThrow(() -> new IllegalStateException("mariadb-binlog/mysqlbinlog is not on PATH"));
        Files.createDirectories(dir);
        Path log = dir.resolve(CAPTURE_LOG);
        Files.deleteIfExists(log);
        DefaultsFile credentials = DefaultsFile.write(MysqlConnection.of(target));
        try {
            Process process = ChildProcess.startInBackground(List.of(tool.toString(), credentials.option(),
                    "--read-from-remote-server", "--raw", "--stop-never",
                    "--stop-never-slave-server-id=" + target.logCapture().serverId(), "--result-file=" + dir + "/", firstFile), log);
            return new Capture(process, credentials, log, tool.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            credentials.close();
            throw e;
        }
    }

    /** The tool, and its credentials file, which lives as long as the tool. */
    private record Capture(Process process, DefaultsFile credentials, Path log, String tool) implements Capturing {
        @Override
        public boolean alive() {
            return process.isAlive();
        }

        @Override
        public String exitReason() {
            String exit = process.isAlive() ? "still running" : "exit code " + process.exitValue();
            try {
                List<String> lines = Files.readAllLines(log);
                return tool + " stopped (" + exit + ")" + (lines.isEmpty() ? ""
                        : ": " + String.join(" | ", lines.subList(Math.max(0, lines.size() - LINES_IN_ERROR), lines.size())));
            } catch (IOException e) {
                return tool + " stopped (" + exit + ")";
            }
        }

        @Override
        public void close() throws InterruptedException, IOException {
            try {
                ChildProcess.stop(process);
            } finally {
                credentials.close();
            }
        }
    }

    @Override
    public boolean caughtUp(Target target, Path dir) throws Exception {
        MysqlConnection connection = MysqlConnection.of(target);
        try (Connection c = connection.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            if (!rs.next()) {
                return false;
            }
            Optional<BinlogDirectory.Name> file = BinlogDirectory.Name.parse(rs.getString(1));
            Path copy = file.map(f -> dir.resolve(f.text())).orElse(null);
            return copy != null && Files.isRegularFile(copy) && Files.size(copy) >= rs.getLong(2);
        }
    }

    @Override
    public Optional<Instant> newestEvent(Path dir) throws IOException {
        BinlogDirectory captured = new BinlogDirectory(dir);
        List<BinlogDirectory.Name> files = captured.files();
        for (int i = files.size() - 1; i >= 0; i--) {
            Instant last = captured.summary(files.get(i)).lastTime();
            if (last != null) {
                return Optional.of(last);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> chainBreak(Path dir, LogPosition from, @Nullable Instant until) throws IOException {
        try {
            new BinlogDirectory(dir).chainFrom(from.file(), until);
            return Optional.empty();
        } catch (IOException broken) {
            return Optional.of(broken.getMessage());
        }
    }

    @Override
    public Replayed replay(Target target, String part, Path dir, LogPosition from, @Nullable Instant until, String destination)
            throws Exception {
        MysqlTools mysql = tools.get();
        Path tool = mysql.binlog().orElseThrow(() -> new IllegalStateException("mariadb-binlog/mysqlbinlog is not on PATH"));
        BinlogDirectory captured = new BinlogDirectory(dir);
        List<BinlogDirectory.Name> chain = captured.chainFrom(from.file(), until);
        BinlogDirectory.Name newest = chain.get(chain.size() - 1);
        List<String> command = new ArrayList<>(List.of(tool.toString(), "--start-position=" + from.offset(),
                "--stop-position=" + captured.summary(newest).wholeEnd(), "--database=" + part));
        if (mysql.binlogReaderHasStrictGtidMode()) {
            command.add("--skip-gtid-strict-mode"); // a server restored into before logs GTIDs out of order; it is no error
        }
        if (!part.equals(destination)) {
            command.add("--rewrite-db=" + part + "->" + destination);
        }
        if (until != null) {
            command.add("--stop-datetime=" + STOP_DATETIME.format(until));
        }
        chain.forEach(name -> command.add(captured.path(name).toString()));
        try (DefaultsFile credentials = DefaultsFile.write(MysqlConnection.of(target))) {
            List<String> client = List.of(mysql.client().toString(), credentials.option(), "--default-character-set=utf8mb4",
                    "--database=" + destination);
            List<ChildProcess.Result> results = ChildProcess.pipe(command, Map.of("TZ", "UTC"), ReplayAsNewWrites::new, client);
            ChildProcess.Result reading = results.get(0);
            ChildProcess.Result applying = results.get(1);
            if (applying.exitCode() != 0 || !MysqldumpStderr.errors(applying.stderr()).isEmpty()) {
                throw new IOException(mysql.client().getFileName() + " failed applying the binlog to " + destination + " with "
                        + applying.exitDescription() + ": " + applying.stderrTail(LINES_IN_ERROR));
            }
            if (reading.exitCode() != 0) {
                throw new IOException(tool.getFileName() + " failed reading the captured binlog with " + reading.exitDescription()
                        + ": " + reading.stderrTail(LINES_IN_ERROR));
            }
        }
        return new Replayed(chain.stream().map(BinlogDirectory.Name::text).toList(), lastEvent(captured, chain, from, until));
    }

    /** The last whole event before {@code until} from {@code from} on, as file:offset and its time. */
    private static String lastEvent(BinlogDirectory captured, List<BinlogDirectory.Name> chain, LogPosition from,
                                    @Nullable Instant until) throws IOException {
        String[] last = {null};
        for (BinlogDirectory.Name name : chain) {
            boolean[] reachedUntil = {false};
            BinlogFile.read(captured.path(name), name.text().equals(from.file()) ? from.offset() : 0, event -> {
                if (reachedUntil[0] || event.time() == null) {
                    return;
                }
                if (until != null && !event.time().isBefore(until)) {
                    reachedUntil[0] = true;
                    return;
                }
                last[0] = name.text() + ":" + event.end() + " (" + event.time() + ")";
            });
            if (reachedUntil[0]) {
                break;
            }
        }
        return last[0];
    }

    @Override
    public boolean precedes(String file, String other) {
        Optional<BinlogDirectory.Name> a = BinlogDirectory.Name.parse(file);
        Optional<BinlogDirectory.Name> b = BinlogDirectory.Name.parse(other);
        return a.isPresent() && b.isPresent() && a.get().precedes(b.get());
    }

    @Override
    public List<String> prune(Path dir, LogPosition oldestNeeded) throws IOException {
        Optional<BinlogDirectory.Name> needed = BinlogDirectory.Name.parse(oldestNeeded.file());
        List<String> deleted = new ArrayList<>();
        if (needed.isEmpty()) {
            return deleted;
        }
        BinlogDirectory captured = new BinlogDirectory(dir);
        for (BinlogDirectory.Name name : captured.files()) {
            if (name.precedes(needed.get()) && captured.delete(name)) {
                deleted.add(name.text());
            }
        }
        return deleted;
    }

    @Override
    public List<LogFile> files(Path dir) throws IOException {
        BinlogDirectory captured = new BinlogDirectory(dir);
        List<LogFile> files = new ArrayList<>();
        for (BinlogDirectory.Name name : captured.files()) {
            BinlogFile.Summary summary = captured.summary(name);
            files.add(new LogFile(name.text(), captured.path(name), summary.wholeEnd(), summary.closed()));
        }
        return files;
    }

    @Override
    public Span span(Path file, long from, long to) throws IOException {
        Instant[] times = new Instant[2];
        String[] gtids = new String[2];
        BinlogFile.read(file, from, event -> {
            if (event.end() > to) {
                return;
            }
            if (event.time() != null) {
                times[0] = times[0] == null ? event.time() : times[0];
                times[1] = event.time();
            }
            if (event.gtid() != null) {
                gtids[0] = gtids[0] == null ? event.gtid() : gtids[0];
                gtids[1] = event.gtid();
            }
        });
        return new Span(times[0], times[1], gtids[0], gtids[1]);
    }
}
