import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * The e2e test's MongoDB (no MongoDB server can be installed here): mongo-java-server from the test classpath, run as
 * a single-file program.
 *   serve PORT DOCUMENTS         an in-memory server on 127.0.0.1:PORT with shop.items (DOCUMENTS, a unique index)
 *   count PORT DATABASE COLLECTION   prints the collection's document count
 */
public class MongoJavaServer {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        String uri = "mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=5000";
        if (args[0].equals("count")) {
            try (MongoClient client = MongoClients.create(uri)) {
                System.out.println(client.getDatabase(args[2]).getCollection(args[3]).countDocuments());
            }
            return;
        }
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);
        try (MongoClient client = MongoClients.create(uri)) {
            var items = client.getDatabase("shop").getCollection("items");
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                batch.add(new Document("sku", "S" + i).append("price", i * 1.5).append("tags", List.of("a", i % 7)));
                if (batch.size() == 500) {
                    items.insertMany(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                items.insertMany(batch);
            }
            items.createIndex(Indexes.ascending("sku"), new IndexOptions().unique(true).name("sku_unique"));
        }
        System.out.println("mongo-java-server ready on " + port);
        Thread.currentThread().join();
    }
}
