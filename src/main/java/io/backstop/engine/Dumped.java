package io.backstop.engine;

import io.backstop.storage.LogPosition;
import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * What one dump holds.
 *
 * @param counts   rows per table or documents per collection, counted from the very bytes written
 * @param position where the dump stands in the server's transaction log, when the target's log is captured
 */
public record Dumped(Map<String, Long> counts, @Nullable LogPosition position) {

    public static Dumped counted(Map<String, Long> counts) {
        return new Dumped(counts, null);
    }
}
