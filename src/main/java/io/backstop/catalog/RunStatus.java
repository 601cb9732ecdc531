package io.backstop.catalog;

public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED,
    /** The daemon stopped while the run was in progress. */
    INTERRUPTED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == INTERRUPTED;
    }
}
