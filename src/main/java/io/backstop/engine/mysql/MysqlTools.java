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
    private final boolean gtidPurgedOption;
    private final String version;

    private MysqlTools(Path dump, Path client, boolean gtidPurgedOption, String version) {
        this.dump = dump;
        this.client = client;
        this.gtidPurgedOption = gtidPurgedOption;
        this.version = version;
    }

    static Optional<MysqlTools> find() {
        Optional<Path> dump = ChildProcess.onPath("mariadb-dump").or(() -> ChildProcess.onPath("mysqldump"));
        Optional<Path> client = ChildProcess.onPath("mariadb").or(() -> ChildProcess.onPath("mysql"));
        if (dump.isEmpty() || client.isEmpty()) {
            return Optional.empty();
        }
        try {
            // --set-gtid-purged exists only in MySQL's mysqldump; MariaDB's rejects it as unknown
            boolean gtid = ChildProcess.output(List.of(dump.get().toString(), "--help")).contains("--set-gtid-purged");
            String version = ChildProcess.output(List.of(dump.get().toString(), "--version")).strip();
            return Optional.of(new MysqlTools(dump.get(), client.get(), gtid, version));
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

    boolean supportsGtidPurged() {
        return gtidPurgedOption;
    }

    String version() {
        return version;
    }
}
