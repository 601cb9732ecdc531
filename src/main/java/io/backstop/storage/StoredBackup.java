package io.backstop.storage;

import io.backstop.retention.RetentionPolicy;

import java.nio.file.Path;
import java.time.Instant;

/** A finished backup file in the local store; {@code startedAt} and {@code part} come from its name. */
public record StoredBackup(String target, String part, Path file, Instant startedAt) implements RetentionPolicy.Candidate {
    @Override
    public int sequence() {
        return BackupFileName.parse(target, file.getFileName().toString()).map(BackupFileName.Parsed::sequence).orElse(0);
    }
}
