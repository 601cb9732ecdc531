package io.backstop.verify;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The quick read-back of a backup file that runs beside its writer, on its own thread: the dump is checked while it
 * is written instead of after, which costs no time where the cores have room (zstd, gzip-1). Created by
 * {@link Verifier#follow}; the writer says when it has finished or given up, and {@link Verifier#verdict} judges
 * what was read against the manifest.
 */
public final class ReadAlong {
    private final GrowingFileStream file;
    private final FutureTask<StoredFileReading> reading;
    private final Thread reader;
    private final Instant started;

    ReadAlong(GrowingFileStream file, Callable<StoredFileReading> read, String threadName, Instant started) {
        this.file = file;
        this.started = started;
        this.reading = new FutureTask<>(() -> {
            try (GrowingFileStream closing = file) {
                return read.call();
            }
        });
        this.reader = new Thread(reading, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    /** The file is complete and closed: the reader reads to its end. */
    public void writerFinished() {
        file.writerFinished();
    }

    /**
     * The file will not be finished: the reader stops, and this returns once it has let go of the file (at once when
     * this thread is itself being interrupted; the reader then stops on its own).
     */
    public void abandon() {
        file.writerAbandoned();
        reader.interrupt();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Instant started() {
        return started;
    }

    /** Waits for the reader: what it read, or why it could not. */
    StoredFileReading await() throws Exception {
        try {
            return reading.get();
        } catch (InterruptedException e) {
            abandon();
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : new IOException(e.getCause());
        }
    }
}
