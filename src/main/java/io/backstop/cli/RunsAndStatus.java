package io.backstop.cli;

import io.backstop.status.ListedRun;
import io.backstop.status.StatusReport;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** What {@code list} and {@code status} read: from the daemon, or from this process's own catalog. */
interface RunsAndStatus {

    List<ListedRun> list(@Nullable String target, int limit) throws CliFailure;

    StatusReport status() throws CliFailure;

    /** The upload queue; null when S3 is off. */
    @Nullable StatusReport.Offsite offsite() throws CliFailure;
}
