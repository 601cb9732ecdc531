package io.backstop.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip on several cores: the input is cut into fixed-size chunks, each compressed on its own thread into a
 * complete gzip member, and the members are written in order. Concatenated members are a valid gzip file
 * (RFC 1952 section 2.2): {@code gunzip}, {@code zcat}, Java's GZIPInputStream and Go's gzip reader read
 * them as one stream. At most {@code 2 x threads} chunks are in flight and their buffers are recycled, so
 * memory stays bounded and constant whatever the input size. Compression is the bottleneck of a backup;
 * this makes it scale with the cores.
 */
final class ParallelGzipOutputStream extends OutputStream {
    static final int CHUNK = 2 * 1024 * 1024;
    /** zlib's deflateBound for a chunk, plus the gzip header and trailer: deflating never needs more. */
    private static final int OUTPUT_BOUND = CHUNK + (CHUNK >> 12) + (CHUNK >> 14) + (CHUNK >> 25) + 13 + 18;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final int level;
    private final ExecutorService workers;
    private final int maxInFlight;
    private final Deque<Future<Member>> inFlight = new ArrayDeque<>();
    private final BlockingQueue<byte[]> freeInputs = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> freeOutputs = new LinkedBlockingQueue<>();
    private byte[] chunk = new byte[CHUNK];
    private int filled;
    private boolean finished;
    private boolean anyMember;

    ParallelGzipOutputStream(OutputStream out, int level, int threads) {
        this.out = out;
        this.level = level;
        this.workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "gzip-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.maxInFlight = 2 * threads;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        while (len > 0) {
            int n = Math.min(len, CHUNK - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == CHUNK) {
                submitChunk();
            }
        }
    }

    /** Compresses what is left and writes every member; the underlying stream stays open. */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        if (filled > 0 || !anyMember) {
            submitChunk(); // an empty input still becomes one valid, empty member
        }
        while (!inFlight.isEmpty()) {
            writeOldest();
        }
        finished = true;
        workers.shutdown();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Finishes on success; after a failure, only stops the workers (the output is discarded anyway). */
    @Override
    public void close() throws IOException {
        try {
            if (!finished) {
                finish();
            }
        } finally {
            workers.shutdownNow();
            out.close();
        }
    }

    /** A compressed member in a recycled buffer. */
    private record Member(byte[] buffer, int length) {
    }

    private void submitChunk() throws IOException {
        byte[] data = chunk;
        int length = filled;
        inFlight.add(workers.submit(() -> member(data, length)));
        anyMember = true;
        byte[] recycled = freeInputs.poll();
        chunk = recycled != null ? recycled : new byte[CHUNK];
        filled = 0;
        while (inFlight.size() >= maxInFlight) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        try {
            Member member = inFlight.removeFirst().get();
            out.write(member.buffer(), 0, member.length());
            freeOutputs.offer(member.buffer());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("compression interrupted");
        } catch (ExecutionException e) {
            throw new IOException("compression failed: " + e.getCause(), e.getCause());
        }
    }

    private Member member(byte[] data, int length) {
        Deflater deflater = new Deflater(level, true);
        try {
            deflater.setInput(data, 0, length);
            deflater.finish();
            byte[] buffer = freeOutputs.poll();
            if (buffer == null) {
                buffer = new byte[OUTPUT_BOUND];
            }
            System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
            int size = HEADER.length;
            while (!deflater.finished()) {
                if (size == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                size += deflater.deflate(buffer, size, buffer.length - size);
            }
            CRC32 crc = new CRC32();
            crc.update(data, 0, length);
            if (size + 8 > buffer.length) {
                buffer = Arrays.copyOf(buffer, size + 8);
            }
            writeIntLE(buffer, size, (int) crc.getValue());
            writeIntLE(buffer, size + 4, length);
            return new Member(buffer, size + 8);
        } finally {
            deflater.end();
            freeInputs.offer(data);
        }
    }

    private static void writeIntLE(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
        b[at + 2] = (byte) (value >>> 16);
        b[at + 3] = (byte) (value >>> 24);
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException("stream already finished");
        }
    }
}
