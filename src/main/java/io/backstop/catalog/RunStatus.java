package io.backstop.catalog;

public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED,
    /** The daemon stopped while the run was in progress. */
    INTERRUPTED,
    /** Succeeded, then its files were deleted by hand ({@code backstop delete}); its marks say when and why. */
    DELETED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == INTERRUPTED || this == DELETED;
    }
}
