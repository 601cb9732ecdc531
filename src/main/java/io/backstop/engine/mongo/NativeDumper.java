package io.backstop.engine.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Binary;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes the archive mongodump would, through the Java driver: metadata for every collection and view first,
 * then each collection's documents as raw BSON (never decoded), one segment per collection. A cursor streams
 * the documents, so memory stays bounded whatever the collection size.
 */
final class NativeDumper {
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private record Collection(String db, String name, String type, String metadataJson) {
    }

    static void dump(MongoClient client, List<String> databases, OutputStream out, String toolVersion) throws Exception {
        ArchiveWriter writer = new ArchiveWriter(out);
        Document buildInfo = client.getDatabase("admin").runCommand(new Document("buildInfo", 1));
        writer.header(String.valueOf(buildInfo.get("version")), toolVersion);

        List<Collection> collections = new ArrayList<>();
        for (String dbName : databases) {
            MongoDatabase db = client.getDatabase(dbName);
            for (Document info : db.listCollections()) {
                String name = info.getString("name");
                if (name.startsWith("system.")) {
                    continue;
                }
                String type = info.getString("type") == null ? "collection" : info.getString("type");
                Document metadata = new Document("indexes", type.equals("view") ? List.of()
                        : db.getCollection(name).listIndexes().into(new ArrayList<>()));
                metadata.append("options", info.get("options", new Document()));
                Document infoSection = info.get("info", Document.class);
                if (infoSection != null && infoSection.get("uuid") instanceof Binary uuid) {
                    metadata.append("uuid", HexFormat.of().formatHex(uuid.getData()));
                }
                metadata.append("collectionName", name).append("type", type);
                collections.add(new Collection(dbName, name, type, metadata.toJson(CANONICAL)));
            }
        }
        for (Collection c : collections) {
            writer.metadata(c.db(), c.name(), c.metadataJson(), 0, c.type().equals("collection") ? "" : c.type());
        }
        writer.endOfMetadata();
        for (Collection c : collections) {
            if (c.type().equals("view")) {
                continue;
            }
            Crc64 crc = new Crc64();
            writer.beginCollection(c.db(), c.name());
            try (MongoCursor<RawBsonDocument> cursor = client.getDatabase(c.db()).getCollection(c.name(), RawBsonDocument.class)
                    .find().batchSize(1000).cursor()) {
                while (cursor.hasNext()) {
                    writer.document(cursor.next(), crc);
                }
            }
            writer.endCollection(c.db(), c.name(), crc);
        }
    }

    private NativeDumper() {
    }
}
