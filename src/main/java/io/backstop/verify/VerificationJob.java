package io.backstop.verify;

import io.backstop.catalog.Verification;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * One request to verify ({@code POST /api/verify}, {@code backstop verify}, the schedule): what it covers, whether it
 * has ended, one record per file checked so far, and the targets it could not check (busy, or nothing to check).
 *
 * @param what a target, a run id, or null for every target
 */
@Serdeable
public record VerificationJob(String id, @Nullable String what, String level, boolean finished, Instant started,
                              @Nullable Instant ended, List<Verification> verifications, List<String> skipped) {
    public VerificationJob {
        verifications = verifications == null ? List.of() : List.copyOf(verifications);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    /** Ended with every file checked and passed, and no target skipped. */
    public boolean allPassed() {
        return finished && skipped.isEmpty() && !verifications.isEmpty() && verifications.stream().allMatch(Verification::passed);
    }
}
