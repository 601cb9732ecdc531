package io.backstop.support;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Damage inside a backup that its checksum cannot see: the decompressed content is changed, compressed again and the
 * manifest's SHA-256 rewritten to match, as a bad disk and a careless hand together might.
 */
public final class Tampering {
    private Tampering() {
    }

    public static void rewriteContent(Path backup, UnaryOperator<byte[]> change) throws Exception {
        byte[] content;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(backup))) {
            content = in.readAllBytes();
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(change.apply(content));
        }
        Files.write(backup, gz.toByteArray());
        Path manifest = backup.resolveSibling(backup.getFileName() + ".manifest.json");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gz.toByteArray()));
        Files.writeString(manifest, Files.readString(manifest).replaceAll("\"sha256\":\"[0-9a-f]{64}\"", "\"sha256\":\"" + sha + "\""));
    }

    /** The first place {@code needle} occurs in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
