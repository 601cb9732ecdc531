package io.backstop.engine.mongo;

/**
 * CRC-64 with the ECMA-182 polynomial in reflected form, as Go's {@code crc64.MakeTable(crc64.ECMA)} computes
 * it: the checksum mongodump writes into each namespace's EOF block, over the raw bytes of its documents.
 */
final class Crc64 {
    private static final long POLY = 0xC96C5795D7870F42L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) == 1 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private long value;

    void update(byte[] bytes, int offset, int length) {
        long crc = ~value;
        for (int i = offset; i < offset + length; i++) {
            crc = TABLE[(int) ((crc ^ bytes[i]) & 0xff)] ^ (crc >>> 8);
        }
        value = ~crc;
    }

    long value() {
        return value;
    }
}
