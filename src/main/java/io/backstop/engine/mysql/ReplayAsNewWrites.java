package io.backstop.engine.mysql;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Filters the SQL that {@code mariadb-binlog} prints so that the replayed changes are logged by the restoring server as
 * writes of its own: the lines that would give them the original server id and GTID sequence numbers are dropped. Kept,
 * they would clash with the GTIDs the server has already logged (out of order, refused under gtid_strict_mode) and
 * break the capture's reading of that log. Lines pass byte for byte otherwise.
 */
final class ReplayAsNewWrites extends InputStream {
    /** {@code /*M!100001 SET @@session.gtid_seq_no=5*}{@code //*!*}{@code /;} and the like, in MariaDB's and MySQL's forms. */
    private static final Pattern DROPPED =
            Pattern.compile("(?:/\\*M?![0-9]+ )?SET @@session\\.(?:gtid_seq_no|server_id)=[0-9]+\\b.*\\R?");
    private static final int LONGEST_DROPPED = 120;

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private byte[] pending = new byte[0];
    private int at;
    private boolean ended;

    ReplayAsNewWrites(InputStream in) {
        this.in = new java.io.BufferedInputStream(in, 1 << 16);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (at == pending.length) {
            if (ended || !nextLine()) {
                return -1;
            }
        }
        int n = Math.min(len, pending.length - at);
        System.arraycopy(pending, at, b, off, n);
        at += n;
        return n;
    }

    /** Reads the next line that is not dropped into {@code pending}; false at the end. */
    private boolean nextLine() throws IOException {
        line.reset();
        int c;
        while ((c = in.read()) >= 0) {
            line.write(c);
            if (c == '\n') {
                break;
            }
        }
        if (c < 0) {
            ended = true;
        }
        byte[] text = line.toByteArray();
        pending = dropped(text) ? new byte[0] : text;
        at = 0;
        return text.length > 0 || !ended;
    }

    private static boolean dropped(byte[] text) {
        return text.length <= LONGEST_DROPPED && (text.length > 0 && (text[0] == '/' || text[0] == 'S'))
                && DROPPED.matcher(new String(text, StandardCharsets.ISO_8859_1)).matches();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
