package io.backstop.storage;

import io.backstop.retention.RetentionPolicy;

import java.time.Instant;

/** A backup file on S3, found by listing; {@code startedAt} and {@code part} come from its name. */
public record RemoteBackup(String target, String part, String fileName, String key, Instant startedAt, long size)
        implements RetentionPolicy.Candidate {
    @Override
    public int sequence() {
        return BackupFileName.parse(target, fileName).map(BackupFileName.Parsed::sequence).orElse(0);
    }
}
