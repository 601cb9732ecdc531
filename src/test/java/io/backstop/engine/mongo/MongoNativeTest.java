package io.backstop.engine.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.engine.EngineRegistry;
import io.backstop.engine.RestoreOptions;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.micronaut.context.ApplicationContext;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native writer and reader against a server speaking the real wire protocol (mongo-java-server). */
class MongoNativeTest {
    @TempDir
    Path tmp;
    MongoServer server;
    String uri;
    MongoClient client;
    boolean stopped;

    @BeforeEach
    void startServer() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        uri = "mongodb://127.0.0.1:" + address.getPort() + "/?serverSelectionTimeoutMS=3000";
        client = MongoClients.create(uri);
    }

    @AfterEach
    void stopServer() {
        client.close();
        stop();
    }

    /** Once only: a second shutdownNow of mongo-java-server can wait forever on its terminated event loop. */
    synchronized void stop() {
        if (!stopped) {
            stopped = true;
            server.shutdownNow();
        }
    }

    Map<String, Object> config(String databases) {
        Map<String, Object> p = new HashMap<>();
        p.put("backstop.dir", tmp.resolve("backups").toString());
        p.put("backstop.scheduler.enabled", "false");
        p.put("backstop.targets.mongo.engine", "mongodb");
        p.put("backstop.targets.mongo.connection.uri", uri);
        p.put("backstop.targets.mongo.connection.mode", "native");
        if (databases != null) {
            p.put("backstop.targets.mongo.connection.databases", databases);
        }
        return p;
    }

    void seed() {
        MongoCollection<Document> customers = client.getDatabase("shop").getCollection("customers");
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            batch.add(new Document("_id", new ObjectId())
                    .append("code", "C" + i)
                    .append("email", "user" + (i % 5000) + "@example.com")
                    .append("balance", new Decimal128(new BigDecimal(i + ".25")))
                    .append("created", new Date(1_700_000_000_000L + i * 1000L))
                    .append("photo", new Binary(new byte[] {0, 1, 2, (byte) (i % 256), (byte) 0xff}))
                    .append("tags", List.of("a" + (i % 3), "b", i))
                    .append("address", new Document("city", "City \u00fc " + (i % 50)).append("geo", List.of(i * 0.5, -i * 0.25)))
                    .append("note", i % 7 == 0 ? null : "note \uD83D\uDE00 " + i)
                    .append("count", (long) i * 3_000_000_000L)
                    .append("active", i % 2 == 0));
            if (batch.size() == 1000) {
                customers.insertMany(batch);
                batch.clear();
            }
        }
        customers.createIndex(Indexes.ascending("email"), new IndexOptions().name("by_email"));
        customers.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true).name("code_unique"));
        client.getDatabase("shop").getCollection("orders").insertOne(new Document("item", "x").append("qty", 2));
        client.getDatabase("shop").createCollection("empty");
        client.getDatabase("crm").getCollection("notes").insertMany(List.of(new Document("n", 1), new Document("n", 2)));
    }

    static List<Document> all(MongoClient client, String db, String collection) {
        return client.getDatabase(db).getCollection(collection).find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    static List<String> indexes(MongoClient client, String db, String collection) {
        return client.getDatabase(db).getCollection(collection).listIndexes().into(new ArrayList<>()).stream()
                .map(i -> i.getString("name") + " " + i.get("key", Document.class).toJson() + " unique=" + i.getBoolean("unique", false))
                .sorted().toList();
    }

    BackupRun backup(ApplicationContext ctx) throws Exception {
        Target target = ctx.getBean(Targets.class).find("mongo").orElseThrow();
        return ctx.getBean(RunCoordinator.class).runNow(target, Trigger.CLI);
    }

    @Test
    void dumpAndRestoreIntoOtherDatabasesKeepsEveryDocumentAndIndex() throws Exception {
        seed();
        try (ApplicationContext ctx = ApplicationContext.run(config(null), "test")) {
            BackupRun run = backup(ctx);
            assertEquals(RunStatus.SUCCEEDED, run.status(), run.error());
            Path file = tmp.resolve("backups/mongo").resolve(run.file());
            assertTrue(file.getFileName().toString().matches("mongo_backup_\\d{8}_\\d{6}\\.archive\\.gz"), file.toString());

            byte[] archive;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                archive = in.readAllBytes();
            }
            var checked = IndependentArchiveCheck.check(archive);
            assertEquals(10_000L, checked.documents().get("shop.customers"));
            assertEquals(1L, checked.documents().get("shop.orders"));
            assertEquals(2L, checked.documents().get("crm.notes"));
            assertTrue(checked.metadata().containsKey("shop.empty"), "empty collections keep their metadata");
            assertTrue(checked.metadata().get("shop.customers").getArray("indexes").size() >= 3);
            assertTrue(checked.metadata().keySet().stream().noneMatch(ns -> ns.startsWith("admin.") || ns.startsWith("local.")));

            Target target = ctx.getBean(Targets.class).find("mongo").orElseThrow();
            var engine = ctx.getBean(EngineRegistry.class).require("mongodb");
            Path scratch = Files.createTempDirectory(tmp, "scratch");
            engine.restore(target, "", new ByteArrayInputStream(archive), new RestoreOptions("shop:shop_copy,crm:crm_copy", false), scratch);

            for (String[] ns : new String[][] {{"shop", "customers"}, {"shop", "orders"}, {"crm", "notes"}}) {
                assertEquals(all(client, ns[0], ns[1]), all(client, ns[0] + "_copy", ns[1]), ns[0] + "." + ns[1]);
                assertEquals(indexes(client, ns[0], ns[1]), indexes(client, ns[0] + "_copy", ns[1]));
            }
            assertTrue(client.getDatabase("shop_copy").listCollectionNames().into(new ArrayList<>()).contains("empty"));

            Path scratch2 = Files.createTempDirectory(tmp, "scratch");
            Exception refused = assertThrows(Exception.class, () -> engine.restore(target, "",
                    new ByteArrayInputStream(archive), new RestoreOptions("shop:shop_copy,crm:crm_copy", false), scratch2));
            assertTrue(refused.getMessage().contains("--force"), refused.getMessage());
            client.getDatabase("shop_copy").getCollection("orders").deleteMany(new Document());
            engine.restore(target, "", new ByteArrayInputStream(archive), new RestoreOptions("shop:shop_copy,crm:crm_copy", true),
                    Files.createTempDirectory(tmp, "scratch"));
            assertEquals(all(client, "shop", "orders"), all(client, "shop_copy", "orders"), "--force restores over it");
        }
    }

    /** mongodump mode with the real MongoDB Database Tools: backed up and restored equal, by Backstop and by hand. */
    @Test
    void mongodumpModeWithTheRealToolsRoundTripsThroughBackstopAndStockMongorestore() throws Exception {
        seed();
        Map<String, Object> config = config("shop"); // mongodump backs up one database or all
        config.put("backstop.targets.mongo.connection.mode", "mongodump");
        config.put("backstop.targets.mongo.connection.tools-dir", io.backstop.support.MongoDatabaseTools.dir().toString());
        try (ApplicationContext ctx = ApplicationContext.run(config, "test")) {
            BackupRun run = backup(ctx);
            assertEquals(RunStatus.SUCCEEDED, run.status(), run.error());
            Path file = tmp.resolve("backups/mongo").resolve(run.file());
            assertTrue(Files.readString(file.resolveSibling(run.file() + ".manifest.json")).contains("\"writer\":\"mongodump\""),
                    "written by the real mongodump");

            Target target = ctx.getBean(Targets.class).find("mongo").orElseThrow();
            var engine = ctx.getBean(EngineRegistry.class).require("mongodb");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                engine.restore(target, "", in, new RestoreOptions("shop:shop_tools", false), Files.createTempDirectory(tmp, "s"));
            }
            assertRestoredEqual("shop", "shop_tools", "customers", "orders");

            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                Exception refused = assertThrows(Exception.class, () -> engine.restore(target, "", in,
                        new RestoreOptions("shop:shop_tools", false), Files.createTempDirectory(tmp, "s")));
                assertTrue(refused.getMessage().contains("--force"), "mongorestore --drop is not run over data: " + refused.getMessage());
            }
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                engine.restore(target, "", in, new RestoreOptions("shop:shop_tools", true), Files.createTempDirectory(tmp, "s"));
            }
            assertRestoredEqual("shop", "shop_tools", "customers", "orders");

            stockMongorestore(file, "shop", "shop_by_hand");
            assertRestoredEqual("shop", "shop_by_hand", "customers", "orders");
        }
    }

    /** A native archive, restored by the real mongorestore as a user would: the same documents and indexes. */
    @Test
    void nativeArchivesRestoreWithTheRealMongorestore() throws Exception {
        seed();
        try (ApplicationContext ctx = ApplicationContext.run(config(null), "test")) {
            BackupRun run = backup(ctx);
            assertEquals(RunStatus.SUCCEEDED, run.status(), run.error());
            Path file = tmp.resolve("backups/mongo").resolve(run.file());
            stockMongorestore(file, "shop", "shop_stock");
            assertRestoredEqual("shop", "shop_stock", "customers", "orders");
            assertTrue(client.getDatabase("shop_stock").listCollectionNames().into(new ArrayList<>()).contains("empty"),
                    "the empty collection comes back too");
        }
    }

    private void stockMongorestore(Path archive, String from, String to) throws Exception {
        Process restore = new ProcessBuilder(io.backstop.support.MongoDatabaseTools.dir().resolve("mongorestore").toString(),
                "--uri=" + uri, "--gzip", "--archive=" + archive, "--nsInclude=" + from + ".*",
                "--nsFrom=" + from + ".*", "--nsTo=" + to + ".*")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("mongorestore.log").toFile()).start();
        assertTrue(restore.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, restore.exitValue(), Files.readString(tmp.resolve("mongorestore.log")));
    }

    private void assertRestoredEqual(String db, String copy, String... collections) {
        for (String collection : collections) {
            assertEquals(all(client, db, collection), all(client, copy, collection), db + "." + collection);
            assertEquals(indexes(client, db, collection), indexes(client, copy, collection), db + "." + collection + " indexes");
        }
    }

    @Test
    void realMongodumpArchivesRestoreNativelyAndABadOneIsRefusedBeforeWriting() throws Exception {
        try (ApplicationContext ctx = ApplicationContext.run(config(null), "test")) {
            Target target = ctx.getBean(Targets.class).find("mongo").orElseThrow();
            var engine = ctx.getBean(EngineRegistry.class).require("mongodb");
            Path fixtures = ArchiveFixturesTest.FIXTURES;

            engine.restore(target, "", Files.newInputStream(fixtures.resolve("test.bar.archive")), new RestoreOptions(null, false),
                    Files.createTempDirectory(tmp, "s"));
            assertEquals(1, client.getDatabase("test").getCollection("bar").countDocuments());

            engine.restore(target, "", Files.newInputStream(fixtures.resolve("dump-w-oplog.archive")), new RestoreOptions("copy", false),
                    Files.createTempDirectory(tmp, "s"));
            assertEquals(25, client.getDatabase("copy").getCollection("foo").countDocuments(), "the oplog is skipped, test.foo restored");

            List<String> before = client.listDatabaseNames().into(new ArrayList<>());
            Exception bad = assertThrows(Exception.class, () -> engine.restore(target, "",
                    Files.newInputStream(fixtures.resolve("bad-format.archive")), new RestoreOptions(null, false),
                    Files.createTempDirectory(tmp, "s")));
            assertTrue(bad.getMessage().contains("metadata of collection") && bad.getMessage().contains("Extended JSON"), bad.getMessage());
            assertEquals(before, client.listDatabaseNames().into(new ArrayList<>()), "nothing was written");
        }
    }

    @Test
    void documentCountsAreRecordedAndAFlippedByteInADocumentFailsQuickVerification() throws Exception {
        seed();
        try (ApplicationContext ctx = ApplicationContext.run(config("shop,crm"), "test")) {
            BackupRun run = backup(ctx);
            assertEquals(RunStatus.SUCCEEDED, run.status(), run.error());
            var afterBackup = ctx.getBean(io.backstop.catalog.Catalog.class).verificationsOf(run.id());
            assertEquals("crm.notes=2, shop.customers=10000, shop.empty=0, shop.orders=1", afterBackup.get(0).counts());

            Path file = tmp.resolve("backups/mongo").resolve(run.file());
            io.backstop.support.Tampering.rewriteContent(file, archive -> {
                byte[] copy = archive.clone();
                int at = io.backstop.support.Tampering.indexOf(copy, "user1@example.com".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                copy[at] = 'U'; // still valid BSON, so only the CRC can tell
                return copy;
            });
            var check = ctx.getBean(io.backstop.verify.VerificationService.class).verify("mongo", io.backstop.verify.Level.QUICK);
            assertEquals(false, check.get(0).passed());
            assertTrue(check.get(0).error().contains("CRC"), check.get(0).error());
        }
    }

    @Test
    void fullVerificationRestoresIntoScratchDatabasesAndDropsThem() throws Exception {
        seed();
        try (ApplicationContext ctx = ApplicationContext.run(config("shop,crm"), "test")) {
            assertEquals(RunStatus.SUCCEEDED, backup(ctx).status());
            List<Document> liveBefore = all(client, "shop", "customers");
            var full = ctx.getBean(io.backstop.verify.VerificationService.class).verify("mongo", io.backstop.verify.Level.FULL).get(0);
            assertTrue(full.passed(), full.error());
            assertEquals("crm.notes=2, shop.customers=10000, shop.empty=0, shop.orders=1", full.counts());
            assertTrue(client.listDatabaseNames().into(new ArrayList<>()).stream().noneMatch(d -> d.startsWith("backstop_verify_")),
                    "the scratch databases are dropped");
            assertEquals(liveBefore, all(client, "shop", "customers"), "the live database is never written");
        }
    }

    /** VERIFY_MONGO_URI: the scratch databases are made on that server, never on the target's. */
    @Test
    void verifyMongoUriSendsTheScratchDatabasesToAnotherServer() throws Exception {
        seed();
        java.util.Set<String> openedOnTheOther = java.util.concurrent.ConcurrentHashMap.newKeySet();
        MongoServer other = new MongoServer(new MemoryBackend() {
            @Override
            public de.bwaldvogel.mongo.backend.memory.MemoryDatabase openOrCreateDatabase(String name) {
                openedOnTheOther.add(name);
                return super.openOrCreateDatabase(name);
            }
        });
        InetSocketAddress address = other.bind();
        try {
            Map<String, Object> config = config("shop,crm");
            config.put("backstop.verify.mongo.uri", "mongodb://127.0.0.1:" + address.getPort() + "/?serverSelectionTimeoutMS=3000");
            try (ApplicationContext ctx = ApplicationContext.run(config, "test")) {
                assertEquals(RunStatus.SUCCEEDED, backup(ctx).status());
                var full = ctx.getBean(io.backstop.verify.VerificationService.class).verify("mongo", io.backstop.verify.Level.FULL).get(0);
                assertTrue(full.passed(), full.error());
                assertEquals("crm.notes=2, shop.customers=10000, shop.empty=0, shop.orders=1", full.counts());
                assertTrue(openedOnTheOther.containsAll(List.of("backstop_verify_shop", "backstop_verify_crm")), openedOnTheOther.toString());
                assertTrue(client.listDatabaseNames().into(new ArrayList<>()).stream().noneMatch(d -> d.startsWith("backstop_verify_")));
            }
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void connectionRefusedFailsCleanly() throws Exception {
        stop();
        try (ApplicationContext ctx = ApplicationContext.run(config("shop"), "test")) {
            BackupRun run = backup(ctx);
            assertEquals(RunStatus.FAILED, run.status());
            assertTrue(run.error().contains("MongoDB dump from mongodb://127.0.0.1:"), run.error());
            assertNoBackupFiles();
        }
    }

    @Test
    void aDisconnectMidDumpFailsCleanly() throws Exception {
        MongoCollection<Document> big = client.getDatabase("shop").getCollection("big");
        String payload = "x".repeat(2000);
        for (int b = 0; b < 40; b++) {
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                batch.add(new Document("i", b * 1000 + i).append("payload", payload));
            }
            big.insertMany(batch);
        }
        try (ApplicationContext ctx = ApplicationContext.run(config("shop"), "test")) {
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException ignored) {
                    return;
                }
                stop();
            });
            killer.start();
            BackupRun run = backup(ctx);
            killer.join();
            assertEquals(RunStatus.FAILED, run.status(), "a dump cut off by the server must fail");
            assertNoBackupFiles();
        }
    }

    void assertNoBackupFiles() throws Exception {
        Path dir = tmp.resolve("backups/mongo");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).toList());
            }
        }
    }
}
