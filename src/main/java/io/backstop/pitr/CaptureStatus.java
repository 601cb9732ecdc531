package io.backstop.pitr;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * One target's transaction-log capture, as health, metrics and {@code backstop status} show it.
 *
 * @param log        what is captured: {@code binlog}
 * @param capturing  whether the capture tool is running now
 * @param from       the earliest second a restore can reach: the oldest full backup the captured log carries forward
 * @param to         the newest second a restore reaches: the newest captured event, or the later second at which the copy
 *                   last held everything the server had logged; null with {@code from} while there is no recoverable window
 * @param lagSeconds how long the captured log has been behind the server's (0 when it holds everything)
 * @param shippedTo  the newest event in a compressed piece on the volume
 * @param uploadedTo the newest event in a piece on S3 (null without S3)
 * @param piecesOnVolume how many shipped pieces the volume holds
 * @param piecesOnS3 how many pieces are on S3
 * @param piecesPending how many pieces wait for their upload to S3
 * @param problem    why point-in-time restore is at risk (a gap, no usable full backup, the tool failing); null when fine
 */
@Serdeable
public record CaptureStatus(String log, boolean capturing, @Nullable Instant from, @Nullable Instant to, long lagSeconds,
                            @Nullable Instant shippedTo, @Nullable Instant uploadedTo, int piecesOnVolume, int piecesOnS3,
                            int piecesPending, @Nullable String problem) {
}
