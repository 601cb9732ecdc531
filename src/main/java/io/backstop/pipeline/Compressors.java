package io.backstop.pipeline;

import com.github.luben.zstd.ZstdOutputStream;
import io.backstop.config.BackstopConfig;

import java.io.IOException;
import java.io.OutputStream;

/** The codecs stored files are written with: gzip on all cores in 2 MiB members, or one zstd frame with worker threads. */
public final class Compressors {
    private Compressors() {
    }

    public static OutputStream compressing(BackstopConfig.Compression compression, OutputStream stored, BackstopConfig config)
            throws IOException {
        if (compression == BackstopConfig.Compression.GZIP) {
            return new ParallelGzipOutputStream(stored, config.getGzipLevel(), config.compressionThreads());
        }
        ZstdOutputStream zstd = new ZstdOutputStream(stored, config.getZstdLevel());
        zstd.setWorkers(config.compressionThreads());
        zstd.setCloseFrameOnFlush(true); // finish() ends the frame with a flush, leaving the file open
        return zstd;
    }

    /** Ends the compressed stream without closing what it writes to. */
    public static void finish(OutputStream compressing) throws IOException {
        if (compressing instanceof ParallelGzipOutputStream gzip) {
            gzip.finish();
        } else {
            compressing.flush();
        }
    }
}
