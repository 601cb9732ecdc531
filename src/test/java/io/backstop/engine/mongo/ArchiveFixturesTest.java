package io.backstop.engine.mongo;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader against archives written by the real mongodump: CRCs, counts, oplog, and a malformed one. */
class ArchiveFixturesTest {
    /** Copies of the real mongodump archives from ../shared/fixtures/mongodump (see the README there). */
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/mongodump");

    record Summary(BsonDocument header, List<CollectionMetadata> metadata, Map<String, Long> documents) {
    }

    static Summary read(Path archive) throws Exception {
        List<CollectionMetadata> metadata = new ArrayList<>();
        Map<String, Long> documents = new LinkedHashMap<>();
        BsonDocument[] header = new BsonDocument[1];
        try (InputStream in = Files.newInputStream(archive)) {
            ArchiveReader.read(in, new ArchiveReader.Listener() {
                @Override
                public void header(BsonDocument h) {
                    header[0] = h;
                }

                @Override
                public void metadata(CollectionMetadata m) {
                    metadata.add(m);
                }

                @Override
                public void endOfNamespace(String db, String collection, long count) {
                    documents.put(db + "." + collection, count);
                }
            });
        }
        return new Summary(header[0], metadata, documents);
    }

    @Test
    void readsTestBar() throws Exception {
        Summary s = read(FIXTURES.resolve("test.bar.archive"));
        assertEquals("0.1", s.header().getString("version").getValue());
        assertEquals(Map.of("test.bar", 1L, "admin.system.version", 1L), s.documents());
        assertTrue(s.metadata().stream().anyMatch(m -> m.namespace().equals("test.bar")));
    }

    @Test
    void readsAnArchiveWithAnOplog() throws Exception {
        Summary s = read(FIXTURES.resolve("dump-w-oplog.archive"));
        assertEquals(25L, s.documents().get("test.foo"));
        assertEquals(18L, s.documents().get(".oplog"));
        assertEquals(1L, s.documents().get("admin.system.version"));
    }

    @Test
    void theIndependentCheckAgreesOnTheRealArchives() throws Exception {
        for (String fixture : new String[] {"test.bar.archive", "dump-w-oplog.archive"}) {
            var independent = IndependentArchiveCheck.check(Files.readAllBytes(FIXTURES.resolve(fixture)));
            assertEquals(read(FIXTURES.resolve(fixture)).documents(), independent.documents(), fixture);
        }
    }

    @Test
    void refusesMalformedMetadataNamingTheCollection() {
        ArchiveException e = assertThrows(ArchiveException.class, () -> read(FIXTURES.resolve("bad-format.archive")));
        assertTrue(e.getMessage().contains("metadata of collection") && e.getMessage().contains("not valid Extended JSON"), e.getMessage());
    }

    @Test
    void aFlippedByteInADocumentIsACrcMismatch() throws Exception {
        byte[] archive = Files.readAllBytes(FIXTURES.resolve("dump-w-oplog.archive"));
        Summary clean = read(FIXTURES.resolve("dump-w-oplog.archive"));
        assertEquals(3, clean.documents().size());
        // find a document byte inside test.foo's body: the string "foo" value area after the metadata
        int at = indexOf(archive, "test.foo".getBytes(), 2000);
        Path damaged = Files.createTempFile("damaged", ".archive");
        boolean detected = false;
        for (int i = Math.max(at, 1200); i < archive.length - 200 && !detected; i += 97) {
            byte[] copy = archive.clone();
            copy[i] ^= 0x01;
            Files.write(damaged, copy);
            try {
                read(damaged);
            } catch (ArchiveException e) {
                detected = e.getMessage().contains("CRC mismatch") || e.getMessage().contains("damaged")
                        || e.getMessage().contains("not a valid BSON") || e.getMessage().contains("truncated");
            }
        }
        assertTrue(detected, "a damaged archive is detected");
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i <= haystack.length - needle.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return from;
    }
}
