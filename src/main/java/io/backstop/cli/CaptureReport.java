package io.backstop.cli;

import io.backstop.pitr.CaptureStatus;

import java.time.Instant;

/** A target's transaction-log capture in words, for {@code status} and {@code list --binlog}. */
final class CaptureReport {
    private CaptureReport() {
    }

    /** {@code restorable to any second from … to …}, or that there is no window yet. */
    static String window(CaptureStatus capture) {
        return capture.from() == null ? "no recoverable window yet"
                : "restorable to any second from " + time(capture.from()) + " to " + time(capture.to());
    }

    /** Whether the tool runs, its lag, how far the log is shipped and on S3, and the problem. */
    static String state(CaptureStatus capture) {
        return (capture.capturing() ? "running" : "NOT running") + ", " + capture.lagSeconds() + " s behind the server; shipped to "
                + time(capture.shippedTo()) + " (" + capture.piecesOnVolume() + " pieces on the volume), on S3 to "
                + time(capture.uploadedTo()) + " (" + capture.piecesOnS3() + " pieces, " + capture.piecesPending() + " waiting)"
                + (capture.problem() == null ? "" : "; PROBLEM: " + capture.problem());
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : RunReport.time(instant);
    }
}
