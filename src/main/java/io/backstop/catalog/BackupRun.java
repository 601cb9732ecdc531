package io.backstop.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** One run of one target, as recorded in the catalog and shown by the API and the CLI. */
@Serdeable
@MappedEntity("backup_runs")
public record BackupRun(
        @Id @GeneratedValue @Nullable Long id,
        String target,
        String engine,
        RunStatus status,
        String triggeredBy,
        Instant queuedAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable Long rawBytes,
        @Nullable Long bytes,
        @Nullable String sha256,
        @Nullable String file,
        @Nullable String error) {

    public static BackupRun queued(String target, String engine, String triggeredBy, Instant at) {
        return new BackupRun(null, target, engine, RunStatus.QUEUED, triggeredBy, at, null, null, null, null, null, null, null);
    }

    public BackupRun running(Instant at) {
        return new BackupRun(id, target, engine, RunStatus.RUNNING, triggeredBy, queuedAt, at, null, null, null, null, null, null);
    }

    public BackupRun succeeded(Instant at, long rawBytes, long bytes, String sha256, String file) {
        return new BackupRun(id, target, engine, RunStatus.SUCCEEDED, triggeredBy, queuedAt, startedAt, at,
                rawBytes, bytes, sha256, file, null);
    }

    public BackupRun ended(RunStatus status, Instant at, String error) {
        return new BackupRun(id, target, engine, status, triggeredBy, queuedAt, startedAt, at, null, null, null, null, error);
    }
}
