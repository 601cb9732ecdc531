package io.backstop.catalog;

/** Where a finished backup's off-site copy stands. */
public enum UploadStatus {
    /** Not on S3 yet; retried until it is. Local retention keeps the file meanwhile. */
    PENDING,
    /** On S3, verified. */
    UPLOADED,
    /** Was on S3; removed there by S3 retention. */
    REMOTE_DELETED,
    /** Can never be uploaded: the local file disappeared before it was. */
    LOST
}
