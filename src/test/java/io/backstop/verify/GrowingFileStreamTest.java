package io.backstop.verify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reader beside a writer gets every byte of the finished file, across gzip members, and stops when the writer gives up. */
class GrowingFileStreamTest {
    @TempDir
    Path tmp;

    @Test
    void aMultiMemberGzipWrittenInBurstsIsReadWholeWhileItGrows() throws Exception {
        Path file = Files.createFile(tmp.resolve("dump.sql.gz.partial"));
        byte[] content = new byte[3 * 256 * 1024];
        new Random(7).nextBytes(content);
        GrowingFileStream growing = new GrowingFileStream(file);
        CompletableFuture<byte[]> read = gunzipInBackground(growing);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int member = 0; member < 12; member++) {
                // a pause at every member boundary: the reader reaches the file's end there and must wait, not stop
                out.write(gzip(Arrays.copyOfRange(content, member * 65536, (member + 1) * 65536)));
                out.flush();
                Thread.sleep(30);
                assertFalse(read.isDone(), "the reader waits for the writer to finish");
            }
        }
        growing.writerFinished();
        assertArrayEquals(content, read.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aReaderWaitingOnAnAbandonedFileStopsWithAnError() throws Exception {
        Path file = Files.write(tmp.resolve("cut.partial"), gzip(new byte[1000]));
        GrowingFileStream growing = new GrowingFileStream(file);
        CompletableFuture<byte[]> read = gunzipInBackground(growing);
        Thread.sleep(100);
        assertFalse(read.isDone());
        growing.writerAbandoned();
        Exception failure = assertThrows(Exception.class, () -> read.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getMessage().contains("abandoned by its writer"), failure.toString());
    }

    private static CompletableFuture<byte[]> gunzipInBackground(InputStream growing) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = new GZIPInputStream(growing)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }
}
