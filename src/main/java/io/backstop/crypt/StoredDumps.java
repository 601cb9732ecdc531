package io.backstop.crypt;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reading the dump inside a stored backup file: decrypted when it ends in {@code .age}, then decompressed. */
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

    /** The decompressed dump of {@code stored}, the bytes of the file named {@code fileName}. */
    public InputStream open(InputStream stored, String fileName) throws IOException {
        InputStream compressed = encrypted(fileName) ? age.decrypting(stored, fileName) : stored;
        return new GZIPInputStream(compressed, 1 << 16);
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
