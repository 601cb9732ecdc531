package io.backstop.engine.mysql;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Passes bytes through, keeping only the last few for a trailer check and counting them all. */
final class TailOutputStream extends FilterOutputStream {
    private final byte[] tail;
    private int size;
    private long count;

    TailOutputStream(OutputStream out, int keep) {
        super(out);
        this.tail = new byte[keep];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count += len;
        if (len >= tail.length) {
            System.arraycopy(b, off + len - tail.length, tail, 0, tail.length);
            size = tail.length;
        } else {
            int keep = Math.min(size, tail.length - len);
            System.arraycopy(tail, size - keep, tail, 0, keep);
            System.arraycopy(b, off, tail, keep, len);
            size = keep + len;
        }
    }

    long count() {
        return count;
    }

    String text() {
        return new String(tail, 0, size, StandardCharsets.UTF_8);
    }
}
