package io.backstop.pipeline;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts the bytes an engine writes before compression. */
final class CountingOutputStream extends FilterOutputStream {
    private long count;

    CountingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count += len;
    }

    /** Leaves closing to the pipeline, which must finish the compressor itself before syncing the file. */
    @Override
    public void close() throws IOException {
        flush();
    }

    long count() {
        return count;
    }
}
