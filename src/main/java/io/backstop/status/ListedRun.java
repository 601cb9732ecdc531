package io.backstop.status;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunMarks;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A run as {@code backstop list} and {@code GET /api/backups} show it: the catalog's record and where its files are
 * now: {@code local}, {@code s3}, {@code both}, {@code local+pending} (the upload has not succeeded yet), {@code gone},
 * or {@code mixed} when a run's files differ; null for a run without files. {@code verified} is the newest check of
 * its files: {@code full} or {@code quick} when every file passed (full when each file's newest check was full),
 * {@code FAILED} when one failed, null when none was checked. {@code marks}: pinned, label, note, and for a deleted
 * run when and why; null when the run has none.
 */
@Serdeable
public record ListedRun(@JsonUnwrapped BackupRun run, @Nullable String location, @Nullable String verified,
                        @Nullable RunMarks marks) {
}
