package io.backstop.engine;

import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;

/**
 * @param destination      where to restore instead of the target's own database (a file path for SQLite,
 *                         a database name for server engines); null restores over the target itself
 * @param force            overwrite a destination that already holds data
 * @param workingDirectory where a relative destination path is resolved: the operator's, not the daemon's
 */
public record RestoreOptions(@Nullable String destination, boolean force, @Nullable Path workingDirectory) {

    public RestoreOptions(@Nullable String destination, boolean force) {
        this(destination, force, null);
    }

    /** The destination as a file path, for engines whose databases are files. */
    public Path destinationFile() {
        Path path = Path.of(destination);
        return workingDirectory == null ? path.toAbsolutePath() : workingDirectory.resolve(path);
    }
}
