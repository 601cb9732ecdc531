package io.backstop.storage;

import java.nio.file.Path;
import java.time.Instant;

/** A finished backup file in the local store; {@code startedAt} comes from its name. */
public record StoredBackup(String target, Path file, Instant startedAt) {
}
