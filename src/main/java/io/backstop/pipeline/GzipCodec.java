package io.backstop.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** gzip at a chosen level: plain {@code gunzip} reads the result. */
final class GzipCodec {
    static final String SUFFIX = "gz";
    private static final int BUFFER = 256 * 1024;

    private GzipCodec() {
    }

    static GZIPOutputStream compress(OutputStream out, int level) throws IOException {
        return new GZIPOutputStream(out, BUFFER) {
            {
                def.setLevel(level);
            }
        };
    }
}
