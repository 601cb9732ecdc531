package io.backstop.restore;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One {@code backstop restore}, as the CLI sends it to the daemon.
 *
 * @param backup           a run id, a backup file, or a bare file name on S3
 * @param target           the target the backup belongs to, when the run or manifest cannot say
 * @param destination      {@code --to}: a file (SQLite) or database name
 * @param workingDirectory where relative paths in {@code backup} and {@code destination} are resolved: the CLI's
 * @param globals          {@code --globals}: also restore the parts a run restores only on request (PostgreSQL's roles
 *                         and tablespaces)
 * @param at               {@code --at}: a point in time (ISO-8601, e.g. {@code 2026-11-23T10:15:00Z}) or {@code latest};
 *                         {@code backup} then names the target, whose captured transaction log is replayed onto the
 *                         newest full backup before that time
 */
@Serdeable
public record RestoreRequest(String backup, @Nullable String target, @Nullable String destination, boolean force,
                             boolean noVerify, @Nullable String workingDirectory, boolean globals, @Nullable String at) {

    @Creator // the JSON a CLI sends is read with every field, --at included
    public RestoreRequest {
    }

    public RestoreRequest(String backup, @Nullable String target, @Nullable String destination, boolean force,
                          boolean noVerify, @Nullable String workingDirectory, boolean globals) {
        this(backup, target, destination, force, noVerify, workingDirectory, globals, null);
    }
}
