package io.backstop.engine;

import io.backstop.config.Target;
import io.backstop.storage.LogPosition;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An engine's transaction log (MySQL's binlog; MongoDB's oplog would be the next), captured continuously into a
 * directory of the target's so that a restore can bring a full dump forward to any second. The engine knows the log's
 * format and tools; supervising the capture, its health and the choice of dump belong to the caller.
 */
public interface TransactionLog {

    /** The log's name in messages and directories: {@code binlog}. */
    String name();

    /**
     * Checks that the server keeps a log and lets the target's user read it.
     *
     * @return warnings (a setting that makes a replay less faithful)
     * @throws IllegalStateException naming the server setting or the grant to change when capture cannot work
     */
    List<String> check(Target target) throws Exception;

    /** Where capture (re)starts, from what {@code dir} holds and the server still has. */
    Start plan(Target target, Path dir) throws Exception;

    /**
     * @param file         the first log file to fetch
     * @param gap          set when the server no longer has what comes after the captured copy: changes in between are lost
     * @param numberingNew the server started its file numbering again (its log was reset): the captured files were moved
     *                     aside, and new files will bear the old names
     */
    record Start(String file, @Nullable String gap, boolean numberingNew) {
    }

    /** Starts the capture tool, writing into {@code dir}; it runs until it dies or is closed. */
    Capturing start(Target target, Path dir, String firstFile) throws Exception;

    /** A running capture tool. */
    interface Capturing extends AutoCloseable {
        boolean alive();

        /** Why it stopped: its exit code and last output lines. */
        String exitReason();

        @Override
        void close() throws InterruptedException, IOException;
    }

    /** Whether the captured copy holds everything the server has logged. */
    boolean caughtUp(Target target, Path dir) throws Exception;

    /** The time of the newest event captured, if any. */
    Optional<Instant> newestEvent(Path dir) throws IOException;

    /**
     * Why the captured log cannot carry a dump at {@code from} forward to {@code until} (null: its newest event), or empty
     * when it can.
     */
    Optional<String> chainBreak(Path dir, LogPosition from, @Nullable Instant until) throws IOException;

    /**
     * Replays the captured log from {@code from} into {@code destination}, only the changes to database {@code part}.
     *
     * @param until replay the events logged before this instant; null: everything captured
     */
    Replayed replay(Target target, String part, Path dir, LogPosition from, @Nullable Instant until, String destination)
            throws Exception;

    /**
     * @param files     the log files read, in order
     * @param lastEvent the last event replayed, as file:offset and time; null when there was none
     */
    record Replayed(List<String> files, @Nullable String lastEvent) {
    }

    /** The captured files, in the server's order. */
    List<LogFile> files(Path dir) throws IOException;

    /**
     * @param wholeEnd where the last whole event ends: a piece shipped up to here holds no torn event
     * @param closed   the server has finished the file
     */
    record LogFile(String name, Path path, long wholeEnd, boolean closed) {
    }

    /** The first and last event time and GTID among the whole events in bytes {@code [from, to)} of a captured file. */
    Span span(Path file, long from, long to) throws IOException;

    record Span(@Nullable Instant firstEvent, @Nullable Instant lastEvent, @Nullable String firstGtid, @Nullable String lastGtid) {
    }

    /** Whether the server wrote log file {@code file} before {@code other} (false for names of different logs). */
    boolean precedes(String file, String other);

    /** Deletes captured files that end before {@code oldestNeeded}; returns their names. */
    List<String> prune(Path dir, LogPosition oldestNeeded) throws IOException;
}
