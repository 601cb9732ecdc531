package io.backstop.engine.mongo;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonBoolean;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Writes a mongodump archive to a stream: magic, header, every collection's metadata, then one segment and
 * one EOF block (with the CRC-64 of its documents' bytes) per collection. Documents are copied as raw BSON,
 * never decoded.
 */
final class ArchiveWriter {
    private final OutputStream out;
    private final byte[] intBuffer = new byte[4];

    ArchiveWriter(OutputStream out) {
        this.out = out;
    }

    void header(String serverVersion, String toolVersion) throws IOException {
        out.write(ArchiveFormat.MAGIC);
        document(new BsonDocument("concurrent_collections", new BsonInt32(1))
                .append("version", new BsonString(ArchiveFormat.VERSION))
                .append("server_version", new BsonString(serverVersion))
                .append("tool_version", new BsonString(toolVersion)));
    }

    /** @param metadataJson canonical Extended JSON v2 of {options, indexes, uuid?, collectionName, type} */
    void metadata(String db, String collection, String metadataJson, long size, String type) throws IOException {
        document(new BsonDocument("db", new BsonString(db))
                .append("collection", new BsonString(collection))
                .append("metadata", new BsonString(metadataJson))
                .append("size", new BsonInt64(size))
                .append("type", new BsonString(type)));
    }

    void endOfMetadata() throws IOException {
        terminator();
    }

    /** Starts the one segment of a collection; follow with {@link #document(RawBsonDocument, Crc64)} and {@link #endCollection}. */
    void beginCollection(String db, String collection) throws IOException {
        document(namespaceHeader(db, collection, false, 0));
    }

    void document(RawBsonDocument document, Crc64 crc) throws IOException {
        ByteBuffer bytes = document.getByteBuffer().asNIO();
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        out.write(array);
        crc.update(array, 0, array.length);
    }

    void endCollection(String db, String collection, Crc64 crc) throws IOException {
        terminator();
        document(namespaceHeader(db, collection, true, crc.value()));
        terminator();
    }

    private static BsonDocument namespaceHeader(String db, String collection, boolean eof, long crc) {
        return new BsonDocument("db", new BsonString(db))
                .append("collection", new BsonString(collection))
                .append("EOF", new BsonBoolean(eof))
                .append("CRC", new BsonInt64(crc));
    }

    private void document(BsonDocument document) throws IOException {
        RawBsonDocument raw = new RawBsonDocument(document, new BsonDocumentCodec());
        ByteBuffer bytes = raw.getByteBuffer().asNIO();
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        out.write(array);
    }

    private void terminator() throws IOException {
        intBuffer[0] = intBuffer[1] = intBuffer[2] = intBuffer[3] = (byte) 0xff;
        out.write(intBuffer);
    }
}
