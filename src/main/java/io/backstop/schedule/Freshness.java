package io.backstop.schedule;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * How recent a target's newest good backup is, against the age its schedule allows.
 *
 * @param healthy false when the newest good backup is too old, or none was ever made in time
 * @param reason  a sentence for operators
 */
@Serdeable
public record Freshness(String target, boolean healthy, @Nullable Instant newestBackup, @Nullable Long ageSeconds,
                        long maxAgeSeconds, @Nullable Instant nextRun, @Nullable String lastRunStatus,
                        @Nullable String lastError, String reason) {
}
