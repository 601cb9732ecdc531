package io.backstop.storage;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;

/**
 * The JSON record written beside every finished backup. It is what the catalog is rebuilt from, so it holds
 * everything a run record needs.
 *
 * @param part     the database within the target, for engines that write one file per database; else empty
 * @param rawBytes size of the dump before compression
 * @param bytes    size of the file on disk
 * @param sha256   of the file on disk, so {@code sha256sum} checks it
 */
@Serdeable
public record Manifest(int version, String target, String engine, String part, String file, String codec,
                       Instant startedAt, Instant finishedAt, long rawBytes, long bytes, String sha256,
                       Map<String, String> toolVersions, String backstopVersion) {
    public static final int CURRENT_VERSION = 1;

    public Manifest {
        part = part == null ? BackupPart.WHOLE : part;
    }
}
