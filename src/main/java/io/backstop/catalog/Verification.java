package io.backstop.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * One check of one backup file: what was compared and whether it held.
 *
 * @param level  {@code quick}: the file read back, its SHA-256, compression and the engine's structure check, and the
 *               counts against those recorded at backup time
 * @param counts what the check found, e.g. {@code customers=1000, orders=52}
 */
@Serdeable
@MappedEntity("verifications")
public record Verification(
        @Id @GeneratedValue @Nullable Long id,
        @Nullable Long runId,
        String target,
        String file,
        String level,
        boolean passed,
        Instant startedAt,
        Instant finishedAt,
        @Nullable String counts,
        @Nullable String error) {
}
