package io.backstop.storage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * The manifest beside one shipped piece of a captured transaction-log file: bytes {@code [from, to)} of {@code file},
 * compressed (and encrypted when the target is). The pieces of one file, in order, are its whole content:
 * {@code cat mysql-bin.000042.*.gz | gunzip > mysql-bin.000042}.
 *
 * @param closed     the server had finished the file: this is its last piece
 * @param sha256     of the stored piece, so {@code sha256sum} checks it
 * @param firstEvent the time of the first event in the piece; null when it holds none with a time
 * @param firstGtid  the first GTID in the piece (MariaDB: domain-server-sequence); null when it holds none
 * @param recipients the age public keys the piece is encrypted to; empty when it is not encrypted
 */
@Serdeable
public record LogSegment(String target, String log, String file, long from, long to, boolean closed, String codec,
                         long bytes, String sha256, @Nullable Instant firstEvent, @Nullable Instant lastEvent,
                         @Nullable String firstGtid, @Nullable String lastGtid, Instant shippedAt, List<String> recipients) {
    public LogSegment {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** The piece's file name: {@code <file>.<from>-<to>.<codec>}, offsets in 13 digits so that names sort in order. */
    public String pieceName() {
        return pieceName(file, from, to, codec);
    }

    public static String pieceName(String file, long from, long to, String codec) {
        return String.format("%s.%013d-%013d.%s", file, from, to, codec);
    }
}
