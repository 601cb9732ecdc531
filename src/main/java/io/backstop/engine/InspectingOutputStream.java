package io.backstop.engine;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Map;

/**
 * Passes a dump through to the file and, through a pipe, to a reader on a thread of its own: the engine's own reader
 * of its dumps, the one that verifies the file later. So what the manifest records is counted from the very bytes
 * written, with the same code that checks them. Call {@link #counts()} after the dump, {@link #stop()} always.
 */
public final class InspectingOutputStream extends FilterOutputStream {
    private static final int PIPE_BUFFER = 1 << 20;

    /** Reads a whole decompressed dump and says what it holds. */
    public interface DumpReader {
        Map<String, Long> read(InputStream dump) throws Exception;
    }

    private final PipedOutputStream pipe;
    private final Thread thread;
    private volatile Map<String, Long> result;
    private volatile Exception failure;
    private boolean readerGone;

    public InspectingOutputStream(OutputStream next, DumpReader reader) throws IOException {
        super(next);
        PipedInputStream in = new PipedInputStream(PIPE_BUFFER);
        this.pipe = new PipedOutputStream(in);
        this.thread = new Thread(() -> {
            try (in) {
                result = reader.read(in);
                in.transferTo(OutputStream.nullOutputStream());
            } catch (Exception e) {
                failure = e;
            }
        }, "dump-inspector");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        if (!readerGone) {
            try {
                pipe.write(b, off, len);
            } catch (IOException readerStopped) {
                readerGone = true; // its failure is reported by counts()
            }
        }
    }

    /** What the reader found, once the dump is complete; the reader's failure says the dump is not sound. */
    public Map<String, Long> counts() throws Exception {
        stop();
        thread.join();
        if (failure != null) {
            throw new IOException("the dump is not sound: " + failure.getMessage(), failure);
        }
        return result;
    }

    /** Ends the pipe, so the reader finishes; safe to call more than once. */
    public void stop() throws IOException {
        pipe.close();
    }
}
