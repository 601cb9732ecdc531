package io.backstop.schedule;

/** A trigger for a target whose previous run has not ended; no second run is started. */
public class AlreadyRunningException extends Exception {
    public AlreadyRunningException(String target, String detail) {
        super("target '" + target + "' is already running (" + detail + ")");
    }
}
