package io.backstop.schedule;

/** A trigger for a target whose previous run has not ended; no second run is started. */
public class AlreadyRunningException extends Exception {
    /** @param detail e.g. "run 5, started 11:02:03Z" or "in another Backstop process" */
    public AlreadyRunningException(String target, String detail) {
        super("already running: " + target + " (" + detail + ")");
    }
}
