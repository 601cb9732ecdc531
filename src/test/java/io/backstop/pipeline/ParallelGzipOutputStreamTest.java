package io.backstop.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelGzipOutputStreamTest {
    @TempDir
    Path tmp;

    static byte[] sample(int size) {
        Random random = new Random(size);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            // half text-like and compressible, half noise
            data[i] = (i / 4096) % 2 == 0 ? (byte) ("INSERT INTO t VALUES (" + (i % 97) + ");\n").charAt(i % 20) : (byte) random.nextInt();
        }
        return data;
    }

    static byte[] compress(byte[] data, int threads, int writeSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, 6, threads)) {
            for (int off = 0; off < data.length; off += writeSize) {
                if (writeSize == 1) {
                    gzip.write(data[off]);
                } else {
                    gzip.write(data, off, Math.min(writeSize, data.length - off));
                }
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, ParallelGzipOutputStream.CHUNK - 1, ParallelGzipOutputStream.CHUNK,
            ParallelGzipOutputStream.CHUNK + 1, 11 * ParallelGzipOutputStream.CHUNK + 12345})
    void roundTripsThroughJavasGzipReader(int size) throws IOException {
        byte[] data = sample(size);
        byte[] gz = compress(data, 3, 65536);
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void stockGunzipReadsItAndSingleByteWritesWork() throws Exception {
        byte[] data = sample(3 * ParallelGzipOutputStream.CHUNK + 77);
        Path gz = tmp.resolve("x.gz");
        Files.write(gz, compress(data, 2, 1));
        Process gunzip = new ProcessBuilder("gzip", "-t", gz.toString()).inheritIO().start();
        assertEquals(0, gunzip.waitFor(), "gzip -t accepts the file");
        Process cat = new ProcessBuilder("gzip", "-dc", gz.toString()).start();
        assertArrayEquals(data, cat.getInputStream().readAllBytes());
        assertEquals(0, cat.waitFor());
    }

    @Test
    void compressesAboutAsWellAsOneStream() throws IOException {
        byte[] data = sample(8 * ParallelGzipOutputStream.CHUNK);
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(single)) {
            gzip.write(data);
        }
        int parallel = compress(data, 2, 65536).length;
        assertTrue(parallel < single.size() * 1.01, "parallel " + parallel + " vs single " + single.size());
    }

    @Test
    void aFailingDestinationFailsTheWriterInsteadOfHanging() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        IOException failure = assertThrows(IOException.class, () -> {
            try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(broken, 6, 2)) {
                byte[] block = sample(1024 * 1024);
                for (int i = 0; i < 50; i++) {
                    gzip.write(block);
                }
            }
        });
        assertTrue(failure.getMessage().contains("No space left"), failure.getMessage());
    }
}
