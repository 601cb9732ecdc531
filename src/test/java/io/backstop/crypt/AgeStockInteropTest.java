package io.backstop.crypt;

import io.backstop.config.DecryptSettings;
import io.backstop.support.StockTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Payload sizes around age's 64 KiB chunks, whole multiples among them (where the last chunk is full and must still be
 * flagged as the last), written by {@link Age} and read by the stock {@code age -d}, and written by stock {@code age}
 * and read by {@link Age}.
 */
class AgeStockInteropTest {
    @TempDir
    Path tmp;

    @Test
    void everySizeAroundTheChunkBoundariesRoundTripsThroughTheStockTool() throws Exception {
        Path identity = tmp.resolve("key.txt");
        String recipient = StockTools.ageKeygen(identity);
        DecryptSettings settings = new DecryptSettings();
        settings.setIdentityFile(identity);
        Age age = new Age(settings);
        Random random = new Random(7);
        for (int size : List.of(1, 100, 65_535, 65_536, 65_537, 131_072, 200_000)) {
            byte[] plain = new byte[size];
            random.nextBytes(plain);

            ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
            try (OutputStream out = age.encrypting(encrypted, List.of(recipient))) {
                out.write(plain, 0, size / 2);
                out.write(plain, size / 2, size - size / 2);
            }
            Path file = tmp.resolve("by-backstop-" + size + ".age");
            Files.write(file, encrypted.toByteArray());
            assertArrayEquals(plain, StockTools.run(List.of("age", "-d", "-i", identity.toString(), file.toString()), null),
                    "stock age decrypts Backstop's " + size + " bytes");

            byte[] byStock = StockTools.run(List.of("age", "-r", recipient), plain);
            try (var in = age.decrypting(new ByteArrayInputStream(byStock), "stock-" + size)) {
                assertArrayEquals(plain, in.readAllBytes(), "Backstop decrypts stock age's " + size + " bytes");
            }
        }
    }
}
