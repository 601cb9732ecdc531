package io.backstop.engine.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.backstop.config.Target;
import io.backstop.engine.BackupEngine;
import io.backstop.engine.Dumped;
import io.backstop.engine.ChildProcess;
import io.backstop.engine.InspectingOutputStream;
import io.backstop.engine.RestoreOptions;
import io.backstop.pipeline.Version;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * MongoDB as one mongodump archive per run ({@code .archive.gz}: {@code mongorestore --gzip --archive=f}
 * restores it). Mode {@code auto} uses mongodump when it is on PATH and the native writer otherwise;
 * {@code mongodump} and {@code native} force one.
 *
 * <p>Settings: {@code uri}, {@code databases} (comma-separated; default every database but {@code local},
 * {@code config} and {@code admin}), {@code mode}, {@code tools-dir} (where mongodump and mongorestore are; default PATH).
 */
@Singleton
public class MongoEngine implements BackupEngine {
    static final Set<String> SKIPPED_BY_DEFAULT = Set.of("local", "config", "admin");
    private static final Set<String> MODES = Set.of("auto", "mongodump", "native");
    static final String VERIFY_PREFIX = "backstop_verify_";
    private static final String VERIFY_URI_KEY = "VERIFY_MONGO_URI (backstop.verify.mongo.uri)";

    private final String verifyUri;

    MongoEngine(MongoVerifySettings verification) {
        this.verifyUri = verification.uriOrBlank();
    }

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public String fileExtension(Target target, String part) {
        return "archive";
    }

    @Override
    public Set<String> connectionKeys() {
        return Set.of("uri", "databases", "mode", "tools-dir");
    }

    @Override
    public List<String> validate(Target target) {
        List<String> problems = new ArrayList<>();
        String uri = target.setting("uri");
        if (uri == null || uri.isBlank()) {
            problems.add(target.keys().of("connection.uri") + ": missing; a MongoDB connection string");
        } else {
            connectionStringProblem(uri).ifPresent(p -> problems.add(target.keys().of("connection.uri") + ": " + p));
        }
        if (!verifyUri.isEmpty()) {
            connectionStringProblem(verifyUri).ifPresent(p -> problems.add(VERIFY_URI_KEY + ": " + p));
        }
        String mode = mode(target);
        if (!MODES.contains(mode)) {
            problems.add(target.keys().of("connection.mode") + ": unknown mode '" + mode + "'; one of auto, mongodump, native");
        } else if (mode.equals("mongodump") && (tool(target, "mongodump").isEmpty() || tool(target, "mongorestore").isEmpty())) {
            problems.add(target.keys().of("connection.mode") + ": mode mongodump needs mongodump and mongorestore "
                    + (blank(target.setting("tools-dir")) ? "on PATH" : "in " + target.keys().of("connection.tools-dir"))
                    + " (the MongoDB Database Tools); use mode auto or native without them");
        } else if (mode.equals("mongodump") && configuredDatabases(target).size() > 1) {
            problems.add(target.keys().of("connection.databases") + ": mode mongodump backs up one database or all of them;"
                    + " list at most one, or use mode native");
        }
        return problems;
    }

    @Override
    public Dumped dump(Target target, String part, OutputStream out, Path scratch) throws Exception {
        String uri = target.setting("uri");
        Optional<Path> mongodump = useTools(target) ? tool(target, "mongodump") : Optional.empty();
        InspectingOutputStream archive = new InspectingOutputStream(out, MongoEngine::documentsPerCollection);
        try {
            if (mongodump.isPresent()) {
                List<String> configured = configuredDatabases(target);
                MongoTools.dump(mongodump.get(), uri, configured.isEmpty() ? null : configured.get(0), archive);
                if (archive.counts().isEmpty()) { // a dump of nothing is a failure, never an empty success
                    throw new IOException("mongodump wrote no collection: " + (configured.isEmpty()
                            ? "the server has no databases to back up"
                            : "database " + configured.get(0) + " is not on the server (or holds no collection); check "
                            + target.keys().of("connection.databases")));
                }
            } else {
                try (MongoClient client = connect(uri)) {
                    NativeDumper.dump(client, databases(client, target), archive, "backstop " + Version.current());
                }
            }
            return Dumped.counted(archive.counts());
        } catch (RuntimeException e) {
            throw new IOException("MongoDB dump from " + MongoUri.masked(uri) + " failed: " + MongoUri.scrub(e.getMessage(), uri), e);
        } finally {
            archive.stop();
        }
    }

    /** The whole archive is read with every namespace's CRC checked; documents are counted per {@code db.collection}. */
    @Override
    public Map<String, Long> inspect(Target target, String part, InputStream dump, Path scratch) throws Exception {
        return documentsPerCollection(dump);
    }

    /**
     * Every database of the archive into {@code backstop_verify_<db>} on the target's server (or {@code VERIFY_MONGO_URI}'s), through the native
     * restore; documents counted per collection (keyed by the original {@code db.collection}); dropped again afterwards.
     */
    @Override
    public Map<String, Long> restoreToScratch(Target target, String part, InputStream dump, Path scratch) throws Exception {
        String uri = verificationUri(target);
        Path staged = scratch.resolve("verify.archive");
        Files.copy(dump, staged);
        NativeRestorer.Contents contents = NativeRestorer.check(staged);
        Map<String, String> renames = new java.util.LinkedHashMap<>();
        contents.databases().forEach(db -> renames.put(db, VERIFY_PREFIX + db));
        try (MongoClient client = connect(uri)) {
            try {
                renames.values().forEach(db -> client.getDatabase(db).drop());
                NativeRestorer.restore(client, staged, contents, renames, true);
                NativeRestorer.checkIndexes(client, contents, renames);
                Map<String, Long> documents = new java.util.TreeMap<>();
                for (String namespace : contents.documents().keySet()) {
                    String db = namespace.substring(0, namespace.indexOf('.'));
                    String collection = namespace.substring(namespace.indexOf('.') + 1);
                    if (renames.containsKey(db)) {
                        documents.put(namespace, client.getDatabase(renames.get(db)).getCollection(collection).countDocuments());
                    }
                }
                return documents;
            } finally {
                renames.values().forEach(db -> client.getDatabase(db).drop());
            }
        } catch (RuntimeException e) {
            throw new IOException("MongoDB verification restore into " + MongoUri.masked(uri) + " failed: "
                    + MongoUri.scrub(e.getMessage(), uri), e);
        }
    }

    @Override
    public void removeVerificationLeftovers(Target target) {
        try (MongoClient client = connect(verificationUri(target))) {
            for (String db : client.listDatabaseNames()) {
                if (db.startsWith(VERIFY_PREFIX)) {
                    client.getDatabase(db).drop();
                }
            }
        }
    }

    private static java.util.Optional<String> connectionStringProblem(String uri) {
        try {
            new ConnectionString(uri);
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of("not a MongoDB connection string (" + MongoUri.scrub(e.getMessage(), uri) + "): "
                    + MongoUri.masked(uri));
        }
    }

    /** {@code VERIFY_MONGO_URI}, else the target's own server. */
    private String verificationUri(Target target) {
        return verifyUri.isEmpty() ? target.setting("uri") : verifyUri;
    }

    private static Map<String, Long> documentsPerCollection(InputStream archive) throws Exception {
        Map<String, Long> documents = new java.util.TreeMap<>();
        ArchiveReader.read(archive, new ArchiveReader.Listener() {
            @Override
            public void endOfNamespace(String db, String collection, long count) {
                documents.merge(db + "." + collection, count, Long::sum);
            }
        });
        return documents;
    }

    /**
     * With {@code options.destination()}, the archive's one database is restored under that name; an archive of
     * several databases then needs {@code from:to} pairs, comma-separated.
     */
    @Override
    public void restore(Target target, String part, InputStream in, RestoreOptions options, Path scratch) throws Exception {
        String uri = target.setting("uri");
        Optional<Path> mongorestore = useTools(target) ? tool(target, "mongorestore") : Optional.empty();
        Path staged = scratch.resolve("restore.archive");
        Files.copy(in, staged);
        NativeRestorer.Contents contents = NativeRestorer.check(staged);
        Map<String, String> renames = renames(options.destination(), contents);
        if (mongorestore.isPresent() && renames.size() <= 1) {
            // mongorestore --drop replaces whatever is there: the same refusal as the native path first
            try (MongoClient client = connect(uri)) {
                NativeRestorer.refuseNonEmpty(client, contents, renames, options.force());
            }
            var rename = renames.entrySet().stream().findFirst();
            try (InputStream archive = Files.newInputStream(staged)) {
                MongoTools.restore(mongorestore.get(), uri, archive, rename.map(Map.Entry::getKey).orElse(null),
                        rename.map(Map.Entry::getValue).orElse(null), true);
            }
            return;
        }
        try (MongoClient client = connect(uri)) {
            NativeRestorer.restore(client, staged, contents, renames, options.force());
        } catch (RuntimeException e) {
            throw new IOException("MongoDB restore into " + MongoUri.masked(uri) + " failed: " + MongoUri.scrub(e.getMessage(), uri), e);
        }
    }

    static Map<String, String> renames(String destination, NativeRestorer.Contents contents) {
        if (destination == null || destination.isBlank()) {
            return Map.of();
        }
        Map<String, String> renames = new java.util.LinkedHashMap<>();
        if (destination.contains(":")) {
            for (String pair : destination.split(",")) {
                String[] fromTo = pair.split(":", 2);
                renames.put(fromTo[0].trim(), fromTo[1].trim());
            }
            return renames;
        }
        Set<String> databases = contents.databases();
        if (databases.size() != 1) {
            throw new IllegalArgumentException("the archive holds the databases " + databases + "; name each new name as"
                    + " from:to pairs, e.g. --database " + databases.iterator().next() + ":" + destination);
        }
        renames.put(databases.iterator().next(), destination);
        return renames;
    }

    @Override
    public Map<String, String> toolVersions(Target target) {
        return useTools(target) && tool(target, "mongodump").isPresent()
                ? Map.of("writer", "mongodump") : Map.of("writer", "backstop native", "mongodb-driver", driverVersion());
    }

    /** The MongoDB Database Tool {@code name}: in {@code tools-dir} when it is set, else on PATH. */
    private static Optional<Path> tool(Target target, String name) {
        String dir = target.setting("tools-dir");
        if (dir == null || dir.isBlank()) {
            return ChildProcess.onPath(name);
        }
        return Optional.of(Path.of(dir.trim(), name)).filter(Files::isExecutable);
    }

    private boolean useTools(Target target) {
        return !mode(target).equals("native");
    }

    private static String mode(Target target) {
        String mode = target.setting("mode");
        return mode == null || mode.isBlank() ? "auto" : mode.trim().toLowerCase(java.util.Locale.ROOT);
    }

    static List<String> configuredDatabases(Target target) {
        String databases = target.setting("databases");
        if (databases == null || databases.isBlank() || databases.trim().equals("*")) {
            return List.of();
        }
        return Arrays.stream(databases.split(",")).map(String::trim).filter(d -> !d.isEmpty()).toList();
    }

    /**
     * The configured databases, each of which must be on the server, or every database but the system ones; a dump of
     * nothing is a failure (a misspelled name, or data that is gone), never an empty success.
     */
    private static List<String> databases(MongoClient client, Target target) throws IOException {
        List<String> onServer = client.listDatabaseNames().into(new ArrayList<>());
        List<String> configured = configuredDatabases(target);
        if (!configured.isEmpty()) {
            List<String> missing = configured.stream().filter(db -> !onServer.contains(db)).toList();
            if (!missing.isEmpty()) {
                throw new IOException("database" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                        + " not on the server (it has " + onServer + "); check " + target.keys().of("connection.databases"));
            }
            return configured;
        }
        List<String> all = onServer.stream().filter(db -> !SKIPPED_BY_DEFAULT.contains(db)).toList();
        if (all.isEmpty()) {
            throw new IOException("the server has no databases to back up (only " + onServer + ")");
        }
        return all;
    }

    private static MongoClient connect(String uri) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(10, TimeUnit.SECONDS))
                .applyConnectionString(new ConnectionString(uri))
                .build());
    }

    private static String driverVersion() {
        String version = MongoClient.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
