package io.backstop.engine.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Restores an archive through the Java driver in two passes over a staged copy. The first pass reads it all
 * and checks every metadata entry and every namespace's CRC, and writes nothing; so a damaged or malformed
 * archive is refused before anything changes. The second recreates collections with their options, inserts
 * the documents in batches, builds the indexes and recreates views. The oplog is reported and skipped
 * (this reader does not replay it), as are {@code system.*} collections.
 */
final class NativeRestorer {
    private static final Logger LOG = LoggerFactory.getLogger(NativeRestorer.class);
    private static final int BATCH_DOCUMENTS = 1000;
    private static final int BATCH_BYTES = 8 * 1024 * 1024;

    private NativeRestorer() {
    }

    /** What the first pass found. */
    record Contents(Map<String, CollectionMetadata> metadata, Map<String, Long> documents, long oplogEntries) {
        Set<String> databases() {
            Set<String> dbs = new TreeSet<>();
            metadata.values().stream().filter(NativeRestorer::restorable).forEach(m -> dbs.add(m.db()));
            return dbs;
        }
    }

    static Contents check(Path archive) throws Exception {
        Map<String, CollectionMetadata> metadata = new LinkedHashMap<>();
        Map<String, Long> documents = new LinkedHashMap<>();
        long[] oplog = {0};
        try (InputStream in = Files.newInputStream(archive)) {
            ArchiveReader.read(in, new ArchiveReader.Listener() {
                @Override
                public void metadata(CollectionMetadata m) {
                    metadata.put(m.namespace(), m);
                }

                @Override
                public void endOfNamespace(String db, String collection, long count) {
                    if (db.isEmpty() && collection.equals(ArchiveFormat.OPLOG_COLLECTION)) {
                        oplog[0] = count;
                    } else {
                        documents.put(db + "." + collection, count);
                    }
                }
            });
        }
        return new Contents(metadata, documents, oplog[0]);
    }

    /**
     * @param renames archive database to destination database; databases not named keep their name
     */
    static void restore(MongoClient client, Path archive, Contents contents, Map<String, String> renames, boolean drop)
            throws Exception {
        if (contents.oplogEntries() > 0) {
            LOG.info("the archive holds an oplog of {} entries; skipped: the native reader restores collections only,"
                    + " it does not replay an oplog", contents.oplogEntries());
        }
        List<CollectionMetadata> collections = contents.metadata().values().stream().filter(NativeRestorer::restorable).toList();
        refuseNonEmpty(client, collections, renames, drop);
        for (CollectionMetadata m : collections) {
            MongoDatabase db = client.getDatabase(renames.getOrDefault(m.db(), m.db()));
            if (drop) {
                db.getCollection(m.collection()).drop();
            }
            if (!m.isView()) {
                BsonDocument create = new BsonDocument("create", new BsonString(m.collection()));
                m.options().forEach(create::append);
                db.runCommand(create);
            }
        }
        Map<String, Batch> batches = new HashMap<>();
        try (InputStream in = Files.newInputStream(archive)) {
            ArchiveReader.read(in, new ArchiveReader.Listener() {
                @Override
                public void document(String db, String collection, byte[] bson) {
                    CollectionMetadata m = contents.metadata().get(db + "." + collection);
                    if (m == null || !restorable(m)) {
                        return;
                    }
                    batches.computeIfAbsent(m.namespace(), ns -> new Batch(client.getDatabase(renames.getOrDefault(db, db))
                            .getCollection(collection, RawBsonDocument.class))).add(new RawBsonDocument(bson));
                }

                @Override
                public void endOfNamespace(String db, String collection, long count) {
                    Batch batch = batches.remove(db + "." + collection);
                    if (batch != null) {
                        batch.flush();
                    }
                }
            });
        }
        for (CollectionMetadata m : collections) {
            MongoDatabase db = client.getDatabase(renames.getOrDefault(m.db(), m.db()));
            if (m.isView()) {
                BsonDocument options = m.options();
                db.runCommand(new BsonDocument("create", new BsonString(m.collection()))
                        .append("viewOn", options.getString("viewOn"))
                        .append("pipeline", options.getArray("pipeline", new BsonArray())));
            } else {
                createIndexes(db, m);
            }
        }
    }

    /** Every restored collection has exactly the indexes, by name, that the archive's metadata lists. */
    static void checkIndexes(MongoClient client, Contents contents, Map<String, String> renames) throws ArchiveException {
        for (CollectionMetadata m : contents.metadata().values()) {
            if (!restorable(m) || m.isView()) {
                continue;
            }
            Set<String> expected = new TreeSet<>();
            m.indexes().forEach(index -> expected.add(index.asDocument().getString("name", new BsonString("?")).getValue()));
            expected.add("_id_");
            Set<String> restored = new TreeSet<>();
            client.getDatabase(renames.getOrDefault(m.db(), m.db())).getCollection(m.collection()).listIndexes()
                    .forEach(index -> restored.add(index.getString("name")));
            if (!restored.equals(expected)) {
                throw new ArchiveException("the restored indexes of " + m.namespace() + " " + restored
                        + " differ from the archive's " + expected);
            }
        }
    }

    private static void createIndexes(MongoDatabase db, CollectionMetadata m) {
        BsonArray specs = new BsonArray();
        for (BsonValue index : m.indexes()) {
            BsonDocument spec = index.asDocument().clone();
            if ("_id_".equals(spec.getString("name", new BsonString("")).getValue())) {
                continue;
            }
            spec.remove("v");
            spec.remove("ns");
            specs.add(spec);
        }
        if (!specs.isEmpty()) {
            db.runCommand(new BsonDocument("createIndexes", new BsonString(m.collection())).append("indexes", specs));
        }
    }

    /** Unless {@code drop} (--force), collections that would be replaced must be empty or missing. */
    static void refuseNonEmpty(MongoClient client, Contents contents, Map<String, String> renames, boolean drop) {
        refuseNonEmpty(client, contents.metadata().values().stream().filter(NativeRestorer::restorable).toList(), renames, drop);
    }

    private static void refuseNonEmpty(MongoClient client, List<CollectionMetadata> collections, Map<String, String> renames,
                                       boolean drop) {
        if (drop) {
            return;
        }
        List<String> occupied = new ArrayList<>();
        for (CollectionMetadata m : collections) {
            String db = renames.getOrDefault(m.db(), m.db());
            if (!m.isView() && client.getDatabase(db).getCollection(m.collection()).estimatedDocumentCount() > 0) {
                occupied.add(db + "." + m.collection());
            }
        }
        if (!occupied.isEmpty()) {
            throw new IllegalStateException("collections " + occupied + " exist and are not empty; restore with --force to"
                    + " replace them, or into another database with --database NAME");
        }
    }

    static boolean restorable(CollectionMetadata m) {
        return !m.db().isEmpty() && !m.collection().startsWith("system.") && !m.db().equals("admin");
    }

    private static final class Batch {
        private final com.mongodb.client.MongoCollection<RawBsonDocument> collection;
        private final List<RawBsonDocument> documents = new ArrayList<>();
        private long bytes;

        Batch(com.mongodb.client.MongoCollection<RawBsonDocument> collection) {
            this.collection = collection;
        }

        void add(RawBsonDocument document) {
            documents.add(document);
            bytes += document.getByteBuffer().remaining();
            if (documents.size() >= BATCH_DOCUMENTS || bytes >= BATCH_BYTES) {
                flush();
            }
        }

        void flush() {
            if (!documents.isEmpty()) {
                collection.insertMany(documents);
                documents.clear();
                bytes = 0;
            }
        }
    }
}
