package io.backstop.storage.s3;

import io.micronaut.core.annotation.Nullable;

import java.io.IOException;

/** An upload that did not complete; {@code openUploadId} names a multipart upload that could not be aborted yet. */
public class UploadFailedException extends IOException {
    @Nullable private final String openUploadId;

    UploadFailedException(String message, Throwable cause, @Nullable String openUploadId) {
        super(message, cause);
        this.openUploadId = openUploadId;
    }

    @Nullable
    public String openUploadId() {
        return openUploadId;
    }
}
