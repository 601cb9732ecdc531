package io.backstop.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;

/** Simple mode's MongoDB target, named {@code mongodb}; enabled by {@code MONGO_URI}. */
@ConfigurationProperties("backstop.mongo")
public class MongoSimpleConfig {
    @Nullable private String uri;
    @Nullable private String db;
    @Nullable private String mode;

    @Nullable public String getUri() { return uri; }
    public void setUri(@Nullable String uri) { this.uri = uri; }
    @Nullable public String getDb() { return db; }
    public void setDb(@Nullable String db) { this.db = db; }
    @Nullable public String getMode() { return mode; }
    public void setMode(@Nullable String mode) { this.mode = mode; }

    /** The settings as a target's connection map, leaving out what is not set. */
    public Map<String, String> connection() {
        Map<String, String> c = new LinkedHashMap<>();
        if (uri != null && !uri.isBlank()) {
            c.put("uri", uri);
        }
        if (db != null && !db.isBlank()) {
            c.put("databases", db);
        }
        if (mode != null && !mode.isBlank()) {
            c.put("mode", mode);
        }
        return c;
    }
}
