package io.backstop.cli;

import io.backstop.catalog.BackupRun;
import io.backstop.restore.RestoreRequest;
import io.backstop.restore.RestoreService;
import io.backstop.verify.VerificationJob;
import io.backstop.catalog.Pause;
import io.backstop.catalog.RunMarks;
import io.backstop.control.RunControls;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

import java.util.List;

/**
 * What the CLI commands ask: answered by the daemon when one answers on loopback, so the CLI sees exactly what the
 * daemon sees (its configuration, catalog and locks), and by this process otherwise. Refusals and unknown targets are
 * {@link CliFailure}s with a message for the operator.
 */
interface Backstop extends RunsAndStatus {

    /** Runs one target or all of them and waits for the results. */
    RunResults run(@Nullable String target) throws CliFailure, InterruptedException;

    List<RestoreService.Restored> restore(RestoreRequest request) throws CliFailure;

    /** @param what a target, a run id, or null for every target's newest good backup */
    VerificationJob verify(@Nullable String what, boolean full) throws CliFailure, InterruptedException;

    /** @param refused one line per target that was not started, e.g. "already running: app (run 5, started 11:02:03Z)" */
    record RunResults(List<BackupRun> finished, List<String> refused, List<String> notes) {
    }

    /** @param target null for every target; @param length null for until resumed */
    List<Pause> pause(@Nullable String target, @Nullable Duration length, @Nullable String reason) throws CliFailure;

    /** @return the targets that were paused and are not any more */
    List<String> resume(@Nullable String target) throws CliFailure;

    RunMarks pin(long runId, boolean pin) throws CliFailure;

    /** A null label or note leaves it as it was. */
    RunMarks annotate(long runId, @Nullable String label, @Nullable String note) throws CliFailure;

    /** @return one line per file removed */
    List<String> delete(long runId, RunControls.Where where, boolean force, @Nullable String reason) throws CliFailure;
}
