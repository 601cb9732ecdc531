package io.backstop.engine.mongo;

import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second, deliberately separate reading of the archive format for tests: a whole-buffer parser and a
 * bit-by-bit CRC-64 (no table), so a mistake in Backstop's reader or writer cannot hide in both.
 */
final class IndependentArchiveCheck {
    record Result(BsonDocument header, Map<String, BsonDocument> metadata, Map<String, Long> documents) {
    }

    static Result check(byte[] archive) {
        ByteBuffer buf = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        buf.get(magic);
        assertArrayEquals(new byte[] {0x6d, (byte) 0xe2, (byte) 0x99, (byte) 0x81}, magic, "magic");
        BsonDocument header = next(buf);
        assertTrue(header.containsKey("version") && header.containsKey("server_version") && header.containsKey("tool_version"),
                header.toJson());
        Map<String, BsonDocument> metadata = new LinkedHashMap<>();
        while (buf.getInt(buf.position()) != -1) {
            BsonDocument entry = next(buf);
            String json = entry.getString("metadata").getValue();
            metadata.put(entry.getString("db").getValue() + "." + entry.getString("collection").getValue(),
                    json.isEmpty() ? new BsonDocument() : BsonDocument.parse(json));
        }
        buf.getInt();
        Map<String, Long> running = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Boolean> ended = new LinkedHashMap<>();
        while (buf.hasRemaining()) {
            BsonDocument ns = next(buf);
            String name = ns.getString("db").getValue() + "." + ns.getString("collection").getValue();
            assertFalse(ended.getOrDefault(name, false), "nothing after the EOF block of " + name);
            if (ns.getBoolean("EOF").getValue()) {
                assertEquals(running.getOrDefault(name, 0L), ns.getInt64("CRC").getValue(), "CRC of " + name);
                assertEquals(-1, buf.getInt(), "terminator after the EOF block of " + name);
                ended.put(name, true);
            } else {
                while (buf.getInt(buf.position()) != -1) {
                    int start = buf.position();
                    int length = buf.getInt(start);
                    running.put(name, crc(running.getOrDefault(name, 0L), archive, start, length));
                    counts.merge(name, 1L, Long::sum);
                    buf.position(start + length);
                }
                buf.getInt();
            }
        }
        running.keySet().forEach(name -> assertTrue(ended.getOrDefault(name, false), "EOF block for " + name));
        return new Result(header, metadata, counts);
    }

    private static BsonDocument next(ByteBuffer buf) {
        int length = buf.getInt(buf.position());
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return new RawBsonDocument(bytes).toBsonDocument();
    }

    /** Reflected ECMA-182, one bit at a time. */
    static long crc(long previous, byte[] data, int offset, int length) {
        long crc = ~previous;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xff;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xC96C5795D7870F42L : crc >>> 1;
            }
        }
        return ~crc;
    }
}
