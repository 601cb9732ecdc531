package io.backstop.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * One shipped piece of a captured transaction log (bytes {@code [fromOffset, toOffset)} of {@code logFile}), and where
 * it is: on the volume until the capture prunes it, on S3 from its upload until S3 retention deletes it. The row goes
 * when neither holds the piece any more.
 *
 * @param piece the piece's file name in {@code <target>/<log>/shipped/} and under {@code <prefix><target>/<log>/} on S3
 */
@Serdeable
@MappedEntity("log_pieces")
public record LogPiece(
        @Id @GeneratedValue @Nullable Long id,
        String target,
        String log,
        String piece,
        String logFile,
        long fromOffset,
        long toOffset,
        boolean closed,
        long bytes,
        String sha256,
        @Nullable Instant firstEvent,
        @Nullable Instant lastEvent,
        Instant shippedAt,
        @Nullable Instant uploadedAt,
        @Nullable Instant prunedAt,
        @Nullable Instant remoteDeletedAt) {

    public LogPiece uploaded(Instant at) {
        return new LogPiece(id, target, log, piece, logFile, fromOffset, toOffset, closed, bytes, sha256, firstEvent, lastEvent,
                shippedAt, at, prunedAt, remoteDeletedAt);
    }

    public LogPiece pruned(Instant at) {
        return new LogPiece(id, target, log, piece, logFile, fromOffset, toOffset, closed, bytes, sha256, firstEvent, lastEvent,
                shippedAt, uploadedAt, at, remoteDeletedAt);
    }

    public LogPiece remoteDeleted(Instant at) {
        return new LogPiece(id, target, log, piece, logFile, fromOffset, toOffset, closed, bytes, sha256, firstEvent, lastEvent,
                shippedAt, uploadedAt, prunedAt, at);
    }

    public boolean onVolume() {
        return prunedAt == null;
    }

    public boolean onS3() {
        return uploadedAt != null && remoteDeletedAt == null;
    }
}
