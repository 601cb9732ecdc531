package io.backstop.crypt;

import io.backstop.config.DecryptSettings;
import io.backstop.support.StockTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * An encrypted file of many gzip members reads back whole. Found by bench/encryption.sh: through the decrypting stream,
 * Java's GZIPInputStream stopped at a member boundary that fell at the end of a decrypted chunk (it looks for the next
 * member only when {@code available()} says more bytes follow), and a 1.5 GB dump came back cut short. Here every member
 * is exactly one 64 KiB age chunk long, so every boundary falls there.
 */
class StoredDumpsTest {
    static final int CHUNK = 64 * 1024;

    @TempDir
    Path tmp;

    @Test
    void everyGzipMemberOfAnEncryptedFileIsRead() throws Exception {
        Path identity = tmp.resolve("key.txt");
        String recipient = StockTools.ageKeygen(identity);
        DecryptSettings settings = new DecryptSettings();
        settings.setIdentityFile(identity);
        Age age = new Age(settings);

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        Random random = new Random(11);
        try (OutputStream encrypting = age.encrypting(stored, List.of(recipient))) {
            for (int member = 0; member < 5; member++) {
                byte[] payload = new byte[CHUNK - 10 - 5 - 8]; // gzip header, one stored deflate block, trailer
                random.nextBytes(payload);
                encrypting.write(storedMember(payload));
                plain.write(payload);
            }
        }
        try (InputStream dump = new StoredDumps(age).open(new ByteArrayInputStream(stored.toByteArray()), "x.sql.gz.age")) {
            assertArrayEquals(plain.toByteArray(), dump.readAllBytes());
        }
    }

    /** A gzip member holding {@code payload} in one stored (uncompressed) deflate block: 23 bytes longer than it. */
    private static byte[] storedMember(byte[] payload) {
        ByteArrayOutputStream member = new ByteArrayOutputStream();
        member.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        member.write(1); // BFINAL, BTYPE 00: stored
        int length = payload.length;
        member.writeBytes(new byte[] {(byte) length, (byte) (length >> 8), (byte) ~length, (byte) (~length >> 8)});
        member.writeBytes(payload);
        CRC32 crc = new CRC32();
        crc.update(payload);
        long value = crc.getValue();
        for (long v : new long[] {value, length}) {
            for (int i = 0; i < 4; i++) {
                member.write((int) (v >> (8 * i)));
            }
        }
        return member.toByteArray();
    }
}
