package io.backstop.run;

import io.backstop.catalog.BackupRun;

/** Published when a run has ended and is recorded: succeeded, failed or interrupted. */
public record RunEnded(BackupRun run) {
}
