package io.backstop.engine;

import io.micronaut.core.annotation.Nullable;

/**
 * @param destination where to restore instead of the target's own database (a file path for SQLite,
 *                    a database name for server engines); null restores over the target itself
 * @param force       overwrite a destination that already holds data
 */
public record RestoreOptions(@Nullable String destination, boolean force) {
}
