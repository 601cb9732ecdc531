package io.backstop.restore;

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
 */
@Serdeable
public record RestoreRequest(String backup, @Nullable String target, @Nullable String destination, boolean force,
                             boolean noVerify, @Nullable String workingDirectory, boolean globals) {
}
