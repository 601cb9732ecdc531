package io.backstop.engine.mongo;

import org.bson.BsonArray;
import org.bson.BsonDocument;

/** One collection's (or view's) metadata entry: its options and index definitions, parsed from Extended JSON. */
record CollectionMetadata(String db, String collection, String type, BsonDocument metadata) {

    String namespace() {
        return db + "." + collection;
    }

    boolean isView() {
        return "view".equals(type);
    }

    BsonDocument options() {
        return metadata.containsKey("options") ? metadata.getDocument("options") : new BsonDocument();
    }

    BsonArray indexes() {
        return metadata.containsKey("indexes") ? metadata.getArray("indexes") : new BsonArray();
    }
}
