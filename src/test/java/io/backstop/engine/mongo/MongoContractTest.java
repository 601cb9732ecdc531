package io.backstop.engine.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.backstop.engine.EngineContract;
import org.bson.Document;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine contract in native mode against mongo-java-server, the stand-in for a MongoDB server (none can be installed
 * here). The stand-in has no authentication, so the URI carries no password and the secret check does not apply.
 */
class MongoContractTest extends EngineContract {
    final AtomicInteger destinations = new AtomicInteger();
    MongoServer server;
    MongoClient client;
    String uri;

    @Override
    protected Map<String, Object> config(Path backupDir) {
        if (server == null) {
            server = new MongoServer(new MemoryBackend());
            InetSocketAddress address = server.bind();
            uri = "mongodb://127.0.0.1:" + address.getPort() + "/?serverSelectionTimeoutMS=3000";
            client = MongoClients.create(uri);
            List<Document> orders = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                orders.add(new Document("_id", i).append("item", "item " + i).append("qty", i % 9).append("tags", List.of("t" + i % 5)));
            }
            client.getDatabase("shop").getCollection("orders").insertMany(orders);
            client.getDatabase("shop").getCollection("notes").insertOne(new Document("_id", 1).append("text", "hello"));
        }
        Map<String, Object> p = new HashMap<>();
        p.put("backstop.dir", backupDir.toString());
        p.put("backstop.scheduler.enabled", "false");
        p.put("backstop.targets." + TARGET + ".engine", "mongodb");
        p.put("backstop.targets." + TARGET + ".connection.uri", uri);
        p.put("backstop.targets." + TARGET + ".connection.mode", "native");
        p.put("backstop.targets." + TARGET + ".connection.databases", "shop");
        return p;
    }

    @Override
    protected void cleanUp() {
        if (client != null) {
            client.close();
            server.shutdownNow();
        }
    }

    @Override
    protected Map<String, String> snapshotOfSource() {
        return snapshotOf("shop");
    }

    @Override
    protected String newDestination() {
        return "restored_" + destinations.incrementAndGet();
    }

    @Override
    protected Map<String, String> snapshotOf(String destination) {
        Map<String, String> state = new TreeMap<>();
        for (String collection : client.getDatabase(destination).listCollectionNames()) {
            List<Document> all = client.getDatabase(destination).getCollection(collection).find()
                    .sort(new Document("_id", 1)).into(new ArrayList<>());
            state.put(collection, all.stream().map(Document::toJson).toList().toString());
        }
        return state;
    }

    @Override
    protected void fill(String destination) {
        client.getDatabase(destination).getCollection("orders").insertOne(new Document("_id", "mine").append("v", "precious"));
    }

    @Override
    protected void breakDump(Map<String, Object> config) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        config.put("backstop.targets." + TARGET + ".connection.uri", "mongodb://127.0.0.1:" + closedPort + "/?serverSelectionTimeoutMS=1000");
    }

    /** A database that holds nothing: the configured name is wrong, or its data is gone. */
    @Override
    protected void emptyDump(Map<String, Object> config) {
        config.put("backstop.targets." + TARGET + ".connection.databases", "shpo");
    }

    @Override
    protected Optional<String> secret() {
        return Optional.empty();
    }

    @Override
    protected Optional<String> toolProcess() {
        return Optional.empty();
    }
}
