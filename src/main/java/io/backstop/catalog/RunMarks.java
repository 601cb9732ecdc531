package io.backstop.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * What an operator said about a run: pinned (retention never deletes it, local or S3), a label and a note; and, once
 * deleted by hand, when and why. Label, note and pin are also written into the run's manifests, so a rebuilt catalog
 * keeps them.
 */
@Serdeable
@MappedEntity("run_marks")
public record RunMarks(@Id Long runId, boolean pinned, @Nullable String label, @Nullable String note,
                       @Nullable Instant deletedAt, @Nullable String deletedReason) {
    public static RunMarks none(long runId) {
        return new RunMarks(runId, false, null, null, null, null);
    }

    public RunMarks pinned(boolean pin) {
        return new RunMarks(runId, pin, label, note, deletedAt, deletedReason);
    }

    public RunMarks annotated(@Nullable String newLabel, @Nullable String newNote) {
        return new RunMarks(runId, pinned, newLabel != null ? newLabel : label, newNote != null ? newNote : note, deletedAt, deletedReason);
    }

    public RunMarks deleted(Instant at, String reason) {
        return new RunMarks(runId, pinned, label, note, at, reason);
    }
}
