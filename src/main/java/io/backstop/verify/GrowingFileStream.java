package io.backstop.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The bytes of a file that another thread is still writing, read from the volume: at the file's current end a read
 * waits for more until the writer says it has finished (then the end is the end) or abandoned the file (then the read
 * fails). {@link #available()} waits the same way, because {@link java.util.zip.GZIPInputStream} goes on to the next
 * member only when it is above 0, and Backstop writes a member per 2 MiB.
 */
final class GrowingFileStream extends InputStream {
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final FileChannel channel;
    private volatile boolean finished;
    private volatile boolean abandoned;

    GrowingFileStream(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /** The writer has written and closed the file: its end is final. */
    void writerFinished() {
        finished = true;
    }

    /** The writer gave up: the reader stops with an error at its next read. */
    void writerAbandoned() {
        abandoned = true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            boolean last = finished; // read before the channel: a finished writer wrote everything already
            checkNotAbandoned();
            int n = channel.read(ByteBuffer.wrap(b, off, len));
            if (n > 0) {
                return n;
            }
            if (last) {
                return -1;
            }
            pause();
        }
    }

    @Override
    public int available() throws IOException {
        while (true) {
            boolean last = finished;
            checkNotAbandoned();
            long ahead = channel.size() - channel.position();
            if (ahead > 0 || last) {
                return (int) Math.min(ahead, Integer.MAX_VALUE);
            }
            pause();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void checkNotAbandoned() throws IOException {
        if (abandoned) {
            throw new IOException("the file was abandoned by its writer while it was read back");
        }
    }

    private static void pause() throws InterruptedIOException {
        LockSupport.parkNanos(PAUSE_NANOS);
        if (Thread.interrupted()) {
            throw new InterruptedIOException("stopped while waiting for the file to grow");
        }
    }
}
