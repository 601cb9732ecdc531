package io.backstop.engine.mysql;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A dump on its way into a scratch database, with every {@code CREATE EVENT} turned from ENABLE to DISABLE: a restored
 * event would otherwise run on the server, whose other databases are live. mysqldump writes an event's header, with
 * its ENABLE, on one line ({@code /*!50106 EVENT `ev` ON SCHEDULE ... ON COMPLETION NOT PRESERVE ENABLE DO ...}).
 * On the way it notes which views, routines, triggers and events the dump creates.
 */
final class EventsDisabled extends InputStream {
    private static final Pattern ENABLED_EVENT = Pattern.compile("(/\\*!50106 EVENT `.*? ON COMPLETION (?:NOT )?PRESERVE )ENABLE( DO )");

    private final InputStream in;
    private final DumpObjects objects = new DumpObjects();
    private byte[] line = new byte[0];
    private int position;

    EventsDisabled(InputStream in) {
        // read a byte at a time below: a decompressing stream would be slow at that
        this.in = new BufferedInputStream(in, 1 << 20);
    }

    @Override
    public int read() throws IOException {
        if (position == line.length && !nextLine()) {
            return -1;
        }
        return line[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int copied = 0;
        // whole lines until the buffer is full: one line (a row, in MariaDB's dumps) per read would mean a pipe write each
        while (copied < len && (position < line.length || nextLine())) {
            int n = Math.min(len - copied, line.length - position);
            System.arraycopy(line, position, b, off + copied, n);
            position += n;
            copied += n;
        }
        return copied == 0 ? -1 : copied;
    }

    private boolean nextLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        int b;
        while ((b = in.read()) != -1) {
            bytes.write(b);
            if (b == '\n') {
                break;
            }
        }
        if (bytes.size() == 0) {
            return false;
        }
        line = bytes.toByteArray();
        position = 0;
        objects.line(line);
        if (line.length > 20 && startsWith(line, "/*!50106 CREATE*/")) {
            String text = new String(line, StandardCharsets.UTF_8);
            line = ENABLED_EVENT.matcher(text).replaceFirst("$1DISABLE$2").getBytes(StandardCharsets.UTF_8);
        }
        return true;
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < p.length; i++) {
            if (bytes[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    /** The views, routines, triggers and events of the dump read so far, as {@code kind:name}. */
    Set<String> objects() {
        return objects.names();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
