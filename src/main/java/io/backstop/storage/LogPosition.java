package io.backstop.storage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * Where in the server's transaction log (MySQL's binlog) a full dump's consistent snapshot stands: replaying the log
 * from here onto the restored dump brings it forward in time.
 *
 * @param file         the log file, as the server names it ({@code mysql-bin.000042})
 * @param offset       the byte offset in that file of the first event the dump does not hold
 * @param gtid         the server's GTID position at the snapshot, when it has one
 * @param consistentAt no earlier than the snapshot: the dump is a starting point for any time from here on
 */
@Serdeable
public record LogPosition(String file, long offset, @Nullable String gtid, Instant consistentAt) {
}
