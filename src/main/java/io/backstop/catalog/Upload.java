package io.backstop.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * The off-site copy of one backup file: queued when the file is final, then retried until it is on S3.
 *
 * @param uploadId the multipart upload in progress, kept so a crash or outage never leaves its parts behind
 */
@Serdeable
@MappedEntity("uploads")
public record Upload(
        @Id @GeneratedValue @Nullable Long id,
        String target,
        String file,
        UploadStatus status,
        Instant queuedAt,
        int attempts,
        @Nullable Instant nextAttemptAt,
        @Nullable Instant uploadedAt,
        @Nullable String uploadId,
        @Nullable String lastError) {

    public static Upload pending(String target, String file, Instant at) {
        return new Upload(null, target, file, UploadStatus.PENDING, at, 0, at, null, null, null);
    }

    public Upload started(@Nullable String multipartId) {
        return new Upload(id, target, file, status, queuedAt, attempts, nextAttemptAt, uploadedAt, multipartId, lastError);
    }

    public Upload uploaded(Instant at) {
        return new Upload(id, target, file, UploadStatus.UPLOADED, queuedAt, attempts + 1, null, at, null, null);
    }

    public Upload failed(Instant nextAttempt, String error, @Nullable String openMultipartId) {
        return new Upload(id, target, file, status, queuedAt, attempts + 1, nextAttempt, uploadedAt, openMultipartId, error);
    }

    public Upload lost(String error) {
        return new Upload(id, target, file, UploadStatus.LOST, queuedAt, attempts, null, uploadedAt, null, error);
    }

    public Upload remoteDeleted() {
        return new Upload(id, target, file, UploadStatus.REMOTE_DELETED, queuedAt, attempts, null, uploadedAt, null, null);
    }
}
