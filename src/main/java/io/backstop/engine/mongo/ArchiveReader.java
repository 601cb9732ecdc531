package io.backstop.engine.mongo;

import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.json.JsonParseException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a mongodump archive as a stream of events, checking as it goes: the magic number, every collection's
 * metadata (it must be valid Extended JSON), document boundaries, and each namespace's CRC-64 against its
 * EOF block. Segments of several namespaces may interleave; memory holds one document at a time.
 */
final class ArchiveReader {
    /** Larger than any BSON document MongoDB accepts (16 MiB) plus room for the archive's own documents. */
    private static final int MAX_DOCUMENT = 48 * 1024 * 1024;

    interface Listener {
        default void header(BsonDocument header) throws Exception {
        }

        default void metadata(CollectionMetadata metadata) throws Exception {
        }

        /** @param bson one document's raw bytes, its own length prefix included */
        default void document(String db, String collection, byte[] bson) throws Exception {
        }

        /** Called after the namespace's CRC matched. */
        default void endOfNamespace(String db, String collection, long documents) throws Exception {
        }
    }

    private final InputStream in;
    private long offset;

    private ArchiveReader(InputStream in) {
        this.in = in;
    }

    static void read(InputStream in, Listener listener) throws Exception {
        new ArchiveReader(in).readAll(listener);
    }

    private void readAll(Listener listener) throws Exception {
        byte[] magic = readFully(4, "the magic number");
        if (!Arrays.equals(magic, ArchiveFormat.MAGIC)) {
            throw new ArchiveException("not a mongodump archive: the magic number is missing");
        }
        listener.header(bson(readDocument(), "the header"));
        for (byte[] entry = readDocument(); entry != null; entry = readDocument()) {
            listener.metadata(metadata(bson(entry, "a metadata entry")));
        }
        Map<String, Crc64> crcs = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        for (byte[] block = readDocumentOrEnd(); block != null; block = readDocumentOrEnd()) {
            BsonDocument header = bson(block, "a namespace header");
            String db = header.getString("db").getValue();
            String collection = header.getString("collection").getValue();
            String ns = db + "." + collection;
            Crc64 crc = crcs.computeIfAbsent(ns, k -> new Crc64());
            if (header.getBoolean("EOF").getValue()) {
                long stated = header.getNumber("CRC").longValue();
                if (stated != crc.value()) {
                    throw new ArchiveException("CRC mismatch in " + ns + ": the archive says " + Long.toUnsignedString(stated, 16)
                            + ", its documents give " + Long.toUnsignedString(crc.value(), 16) + "; the archive is damaged");
                }
                if (readDocument() != null) {
                    throw new ArchiveException("EOF block of " + ns + " is not followed by a terminator at byte " + offset);
                }
                listener.endOfNamespace(db, collection, counts.getOrDefault(ns, 0L));
            } else {
                for (byte[] document = readDocument(); document != null; document = readDocument()) {
                    crc.update(document, 0, document.length);
                    counts.merge(ns, 1L, Long::sum);
                    listener.document(db, collection, document);
                }
            }
        }
    }

    private static CollectionMetadata metadata(BsonDocument entry) throws ArchiveException {
        String db = entry.getString("db").getValue();
        String collection = entry.getString("collection").getValue();
        String json = entry.getString("metadata", new org.bson.BsonString("{}")).getValue();
        BsonDocument parsed;
        try {
            // the oplog's entry carries an empty metadata string
            parsed = json.isBlank() ? new BsonDocument() : BsonDocument.parse(json);
        } catch (JsonParseException | org.bson.BsonInvalidOperationException e) {
            throw new ArchiveException("the metadata of collection " + db + "." + collection
                    + " is not valid Extended JSON (" + e.getMessage() + "): " + abbreviate(json), e);
        }
        String type = entry.containsKey("type") ? entry.getString("type").getValue() : "";
        return new CollectionMetadata(db, collection, type, parsed);
    }

    private static BsonDocument bson(byte[] bytes, String what) throws ArchiveException {
        if (bytes == null) {
            throw new ArchiveException("the archive ends where " + what + " should be");
        }
        try {
            return new RawBsonDocument(bytes).toBsonDocument();
        } catch (RuntimeException e) {
            throw new ArchiveException(what + " is not a valid BSON document: " + e.getMessage(), e);
        }
    }

    /** A document's bytes, or null at a terminator. */
    private byte[] readDocument() throws IOException {
        byte[] length = readFully(4, "a document length");
        return documentAfter(length);
    }

    /** Like {@link #readDocument}, but the clean end of the stream is allowed and returns null. */
    private byte[] readDocumentOrEnd() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        offset++;
        byte[] rest = readFully(3, "a document length");
        byte[] length = {(byte) first, rest[0], rest[1], rest[2]};
        byte[] document = documentAfter(length);
        if (document == null) {
            throw new ArchiveException("unexpected terminator at byte " + offset + " where a namespace header should be");
        }
        return document;
    }

    private byte[] documentAfter(byte[] lengthBytes) throws IOException {
        int length = (lengthBytes[0] & 0xff) | (lengthBytes[1] & 0xff) << 8 | (lengthBytes[2] & 0xff) << 16 | (lengthBytes[3] & 0xff) << 24;
        if (length == ArchiveFormat.TERMINATOR) {
            return null;
        }
        if (length < 5 || length > MAX_DOCUMENT) {
            throw new ArchiveException("invalid document length " + length + " at byte " + (offset - 4) + "; the archive is damaged");
        }
        byte[] document = new byte[length];
        System.arraycopy(lengthBytes, 0, document, 0, 4);
        int read = in.readNBytes(document, 4, length - 4);
        offset += read;
        if (read < length - 4) {
            throw new ArchiveException("the archive is truncated inside a document at byte " + offset);
        }
        return document;
    }

    private byte[] readFully(int n, String what) throws IOException {
        byte[] bytes = in.readNBytes(n);
        offset += bytes.length;
        if (bytes.length < n) {
            throw new ArchiveException("the archive is truncated: it ends where " + what + " should be (byte " + offset + ")",
                    new EOFException());
        }
        return bytes;
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
