package io.backstop.engine.mongo;

import io.backstop.config.SimpleMode;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Simple mode's MongoDB target, named {@code mongodb}; enabled by {@code MONGO_URI} ({@code backstop.mongo.*}). */
@ConfigurationProperties("backstop.mongo")
public class MongoSimpleMode implements SimpleMode {
    private static final String PREFIX = "backstop.mongo.";

    @Nullable private String uri;
    @Nullable private String db;
    @Nullable private String mode;

    @Nullable public String getUri() { return uri; }
    public void setUri(@Nullable String uri) { this.uri = uri; }
    @Nullable public String getDb() { return db; }
    public void setDb(@Nullable String db) { this.db = db; }
    @Nullable public String getMode() { return mode; }
    public void setMode(@Nullable String mode) { this.mode = mode; }

    @Override
    public String enabledBy() {
        return "MONGO_URI";
    }

    @Override
    public List<Defined> targets() {
        if (uri == null || uri.isBlank()) {
            return List.of();
        }
        Map<String, String> c = new LinkedHashMap<>();
        c.put("uri", uri);
        if (db != null && !db.isBlank()) {
            c.put("databases", db);
        }
        if (mode != null && !mode.isBlank()) {
            c.put("mode", mode);
        }
        Map<String, String> keys = Map.of("engine", PREFIX + "uri", "connection.uri", PREFIX + "uri",
                "connection.databases", PREFIX + "db", "connection.mode", PREFIX + "mode");
        return List.of(new Defined("mongodb", "mongodb", c, keys));
    }
}
