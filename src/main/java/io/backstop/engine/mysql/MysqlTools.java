package io.backstop.engine.mysql;

import io.backstop.engine.ChildProcess;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The client tools on PATH: MariaDB's names first ({@code mariadb-dump} prints a deprecation notice when
 * invoked as {@code mysqldump}), then MySQL's. What the dump tool supports is asked once.
 */
final class MysqlTools {
    private final Path dump;
    private final Path client;
    private final Optional<Path> binlog;
    private final String dumpHelp;
    private final boolean binlogStrictGtidMode;
    private final String version;

    private MysqlTools(Path dump, Path client, Optional<Path> binlog, String dumpHelp, boolean binlogStrictGtidMode, String version) {
        this.binlogStrictGtidMode = binlogStrictGtidMode;
        this.dump = dump;
        this.client = client;
        this.binlog = binlog;
        this.dumpHelp = dumpHelp;
        this.version = version;
    }

    static Optional<MysqlTools> find() {
        Optional<Path> dump = ChildProcess.onPath("mariadb-dump").or(() -> ChildProcess.onPath("mysqldump"));
        Optional<Path> client = ChildProcess.onPath("mariadb").or(() -> ChildProcess.onPath("mysql"));
        if (dump.isEmpty() || client.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> binlog = ChildProcess.onPath("mariadb-binlog").or(() -> ChildProcess.onPath("mysqlbinlog"));
        try {
            String help = ChildProcess.output(List.of(dump.get().toString(), "--help"));
            String version = ChildProcess.output(List.of(dump.get().toString(), "--version")).strip();
            boolean strict = binlog.isPresent()
                    && ChildProcess.output(List.of(binlog.get().toString(), "--help")).contains("--gtid-strict-mode");
            return Optional.of(new MysqlTools(dump.get(), client.get(), binlog, help, strict, version));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    Path dump() {
        return dump;
    }

    Path client() {
        return client;
    }

    /** The binlog reader, {@code mariadb-binlog} or {@code mysqlbinlog}, when installed. */
    Optional<Path> binlog() {
        return binlog;
    }

    /** MariaDB's binlog reader refuses GTIDs out of order unless told otherwise. */
    boolean binlogReaderHasStrictGtidMode() {
        return binlogStrictGtidMode;
    }

    /** --set-gtid-purged exists only in MySQL's mysqldump; MariaDB's rejects it as unknown. */
    boolean supportsGtidPurged() {
        return dumpHelp.contains("--set-gtid-purged");
    }

    /**
     * The options that make the dump record its binlog position as a comment: MySQL 8.0.26 renamed
     * {@code --master-data} to {@code --source-data}; MariaDB's {@code --gtid} adds its GTID position.
     */
    List<String> binlogPositionOptions() {
        List<String> options = new java.util.ArrayList<>();
        options.add(dumpHelp.contains("--source-data") ? "--source-data=2" : "--master-data=2");
        if (dumpHelp.contains("--gtid ")) {
            options.add("--gtid");
        }
        return options;
    }

    String version() {
        return version;
    }
}
