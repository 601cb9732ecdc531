package io.backstop.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/**
 * One file of a successful run, with the SHA-256 it was written with: a restore checks a file against it when the
 * manifest beside the file is gone.
 */
@MappedEntity("backup_files")
public record BackupFile(
        @Id @GeneratedValue @Nullable Long id,
        long runId,
        String target,
        String part,
        String file,
        long bytes,
        long rawBytes,
        String sha256) {
}
