package io.backstop.crypt;

import com.github.luben.zstd.ZstdInputStream;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reading the dump inside a stored backup file: decrypted when it ends in {@code .age}, then decompressed (gzip or zstd). */
@Singleton
public class StoredDumps {
    private final Age age;

    public StoredDumps(Age age) {
        this.age = age;
    }

    public static boolean encrypted(String fileName) {
        return fileName.endsWith("." + Age.SUFFIX);
    }

    /** Whether the dump inside can be read here: always for plain files, with the identity file for encrypted ones. */
    public boolean readable(String fileName) {
        return !encrypted(fileName) || age.canDecrypt();
    }

    /** The decompressed dump of {@code stored}, the bytes of the file named {@code fileName} ({@code .gz} or {@code .zst}). */
    public InputStream open(InputStream stored, String fileName) throws IOException {
        InputStream compressed = encrypted(fileName) ? new Peeking(age.decrypting(stored, fileName)) : stored;
        String plainName = encrypted(fileName) ? fileName.substring(0, fileName.length() - Age.SUFFIX.length() - 1) : fileName;
        if (plainName.endsWith(".zst")) {
            return new ZstdInputStream(new java.io.BufferedInputStream(compressed, 1 << 16));
        }
        return new GZIPInputStream(compressed, 1 << 16);
    }

    /**
     * Says whether more bytes follow. {@link GZIPInputStream} reads the next member of a multi-member file (Backstop
     * writes one per 2 MiB chunk) only when {@code available()} is above 0 at a member boundary; a decrypting channel
     * always answers 0, so without this the dump would silently end at the first boundary the buffer meets.
     */
    static final class Peeking extends java.io.PushbackInputStream {
        Peeking(InputStream in) {
            super(in, 1);
        }

        @Override
        public int available() throws IOException {
            int known = super.available();
            if (known > 0) {
                return known;
            }
            int next = read();
            if (next < 0) {
                return 0;
            }
            unread(next);
            return 1;
        }
    }

    /**
     * Decrypts an encrypted file to its end without keeping anything, so that a wrong identity, a file cut short or a
     * changed byte is found before a restore writes anything. Plain files are left to their checksum.
     */
    public void authenticate(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (!encrypted(name)) {
            return;
        }
        try (InputStream in = age.decrypting(Files.newInputStream(file), name)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new IOException(name + " does not decrypt to its end: " + e.getMessage()
                    + " (a wrong identity, a file cut short, or a changed byte); nothing was restored", e);
        }
    }
}
