package io.backstop.engine.mongo;

/** Constants of the mongodump archive format (mongo-tools common/archive/spec.md). */
final class ArchiveFormat {
    static final byte[] MAGIC = {0x6d, (byte) 0xe2, (byte) 0x99, (byte) 0x81};
    static final int TERMINATOR = -1;
    static final String VERSION = "0.1";
    /** The namespace mongodump --oplog writes the oplog under: empty db, collection "oplog". */
    static final String OPLOG_COLLECTION = "oplog";

    private ArchiveFormat() {
    }
}
