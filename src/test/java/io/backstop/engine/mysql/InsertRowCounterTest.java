package io.backstop.engine.mysql;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InsertRowCounterTest {
    private static final String DUMP = String.join("\n",
            "-- MariaDB dump 10.19",
            "CREATE TABLE `a` (`id` int, `s` text);",
            "INSERT INTO `a` VALUES (1,'x (not a row)'),(2,'it''s'),(3,'back\\\\slash \\' ) ('),(4,NULL);",
            "/* INSERT INTO `a` VALUES (99); is a comment line, not a row */",
            "INSERT INTO `b` VALUES",
            "(1,\"double \\\" quoted (\"),",
            "(2,POINT(1,2)),",
            "(3,'line;end');",
            "INSERT INTO `a` VALUES (5,'');",
            "CREATE TABLE `c` (`id` int);",
            "");

    @Test
    void countsTopLevelTuplesPerTableWhateverTheStringsHold() throws IOException {
        assertEquals(Map.of("a", 5L, "b", 3L), count(DUMP.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE));
    }

    /** The stream arrives in buffers of any size: a state must carry over every possible split. */
    @Test
    void givesTheSameCountsWhereverTheBuffersSplit() throws IOException {
        byte[] bytes = DUMP.getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            assertEquals(Map.of("a", 5L, "b", 3L), count(bytes, chunk), "buffers of " + chunk + " bytes");
        }
        InsertRowCounter oneByOne = new InsertRowCounter(OutputStream.nullOutputStream());
        for (byte b : bytes) {
            oneByOne.write(b);
        }
        assertEquals(Map.of("a", 5L, "b", 3L), oneByOne.rows());
    }

    private static Map<String, Long> count(byte[] bytes, int chunk) throws IOException {
        InsertRowCounter counter = new InsertRowCounter(OutputStream.nullOutputStream());
        for (int off = 0; off < bytes.length; off += chunk) {
            counter.write(bytes, off, Math.min(chunk, bytes.length - off));
        }
        return counter.rows();
    }
}
