package io.backstop.engine.mysql;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Reads the event headers of a binlog file (the v4 format MySQL 5+ and MariaDB write): 4 magic bytes, then events,
 * each with a 19-byte header of timestamp, type, server id, size, next position and flags. Only headers are parsed;
 * a file cut in the middle of an event (the capture was writing) ends at the last whole event.
 */
final class BinlogFile {
    static final int STOP_EVENT = 3;
    static final int ROTATE_EVENT = 4;
    private static final int MYSQL_GTID_EVENT = 33;
    private static final int MARIADB_GTID_EVENT = 162;
    private static final byte[] MAGIC = {(byte) 0xfe, 'b', 'i', 'n'};
    private static final int HEADER = 19;
    /** As much of each event's body as a GTID event needs. */
    private static final int GTID_BODY = 25;

    /**
     * One event's place and time; {@code time} is null for events the server writes without one, {@code gtid} for every
     * event but a transaction's GTID event ({@code domain-server-sequence} on MariaDB, {@code uuid:number} on MySQL).
     */
    record Event(long offset, long end, int type, Instant time, String gtid) {
    }

    /**
     * @param wholeEnd  the end of the last whole event: where a replay of this file can stop safely
     * @param closed    the server moved on to the next file (the last event is a rotate or a stop)
     * @param firstTime the time of the first timed event, null if none
     * @param lastTime  the time of the last timed event, null if none
     */
    record Summary(long size, long wholeEnd, boolean closed, Instant firstTime, Instant lastTime) {
    }

    private BinlogFile() {
    }

    /**
     * @param before the summary of an earlier, shorter state of the same open file, or null: the file is read from where
     *               that one's whole events ended (a file the server writes only grows), else from its start
     */
    static Summary summarize(Path file, Summary before) throws IOException {
        long size = Files.size(file);
        boolean grown = before != null && !before.closed() && before.wholeEnd() > MAGIC.length && size >= before.wholeEnd();
        Instant[] first = {grown ? before.firstTime() : null};
        Instant[] last = {grown ? before.lastTime() : null};
        int[] lastType = {-1};
        long end = read(file, grown ? before.wholeEnd() : 0, event -> {
            if (event.time() != null) {
                if (first[0] == null) {
                    first[0] = event.time();
                }
                last[0] = event.time();
            }
            lastType[0] = event.type();
        });
        boolean closed = end == size && (lastType[0] == ROTATE_EVENT || lastType[0] == STOP_EVENT);
        return new Summary(size, end, closed, first[0], last[0]);
    }

    /**
     * Calls {@code each} for every whole event from {@code from} on, in order; the headers before it are not read.
     *
     * @param from the start of an event (or 0 for the file's first)
     * @return the end of the last whole event
     * @throws IOException when the file is not a binlog
     */
    static long read(Path file, long from, Consumer<Event> each) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a binlog file (no binlog magic at its start)");
            }
            long offset = Math.max(MAGIC.length, from);
            try {
                skipFully(in, offset - MAGIC.length);
            } catch (EOFException shorter) {
                throw new IOException(file + " is shorter than offset " + from, shorter);
            }
            byte[] header = new byte[HEADER];
            while (true) {
                if (in.readNBytes(header, 0, HEADER) < HEADER) {
                    return offset;
                }
                long timestamp = uint32(header, 0);
                int type = header[4] & 0xff;
                long size = uint32(header, 9);
                if (size < HEADER) {
                    throw new IOException(file + " has an event of " + size + " bytes at offset " + offset + ": not a binlog");
                }
                String gtid;
                try {
                    byte[] body = in.readNBytes((int) Math.min(size - HEADER, GTID_BODY));
                    if (body.length < Math.min(size - HEADER, GTID_BODY)) {
                        return offset;
                    }
                    gtid = gtid(type, uint32(header, 5), body);
                    skipFully(in, size - HEADER - body.length);
                } catch (EOFException cutShort) {
                    return offset;
                }
                each.accept(new Event(offset, offset + size, type, timestamp == 0 ? null : Instant.ofEpochSecond(timestamp), gtid));
                offset += size;
            }
        }
    }

    /** The GTID a transaction's GTID event carries, from the start of its body; null for other events. */
    private static String gtid(int type, long serverId, byte[] body) {
        if (type == MARIADB_GTID_EVENT && body.length >= 12) {
            return uint32(body, 8) + "-" + serverId + "-" + Long.toUnsignedString(uint64(body, 0));
        }
        if (type == MYSQL_GTID_EVENT && body.length >= 25) {
            String uuid = HexFormat.of().formatHex(body, 1, 17);
            return uuid.substring(0, 8) + "-" + uuid.substring(8, 12) + "-" + uuid.substring(12, 16) + "-" + uuid.substring(16, 20)
                    + "-" + uuid.substring(20) + ":" + uint64(body, 17);
        }
        return null;
    }

    private static long uint64(byte[] b, int at) {
        return uint32(b, at) | uint32(b, at + 4) << 32;
    }

    private static void skipFully(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static long uint32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
