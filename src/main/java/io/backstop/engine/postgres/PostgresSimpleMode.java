package io.backstop.engine.postgres;

import io.backstop.config.SimpleMode;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Simple mode's PostgreSQL target, named {@code postgres}; enabled by {@code PG_HOST} or libpq's {@code PGHOST}
 * ({@code backstop.postgres.*}, libpq's names under {@code backstop.postgres.libpq.*}). A {@code PG_} setting wins over
 * the libpq one.
 */
@ConfigurationProperties("backstop.postgres")
public class PostgresSimpleMode implements SimpleMode {
    private static final String PREFIX = "backstop.postgres.";

    @Nullable private String host;
    @Nullable private String port;
    @Nullable private String user;
    @Nullable private String password;
    @Nullable private String passwordFile;
    @Nullable private String db;
    @Nullable private String dumpOpts;
    @Nullable private String format;
    private Libpq libpq = new Libpq();

    @Nullable public String getHost() { return host; }
    public void setHost(@Nullable String host) { this.host = host; }
    @Nullable public String getPort() { return port; }
    public void setPort(@Nullable String port) { this.port = port; }
    @Nullable public String getUser() { return user; }
    public void setUser(@Nullable String user) { this.user = user; }
    @Nullable public String getPassword() { return password; }
    public void setPassword(@Nullable String password) { this.password = password; }
    @Nullable public String getPasswordFile() { return passwordFile; }
    public void setPasswordFile(@Nullable String passwordFile) { this.passwordFile = passwordFile; }
    @Nullable public String getDb() { return db; }
    public void setDb(@Nullable String db) { this.db = db; }
    @Nullable public String getDumpOpts() { return dumpOpts; }
    public void setDumpOpts(@Nullable String dumpOpts) { this.dumpOpts = dumpOpts; }
    @Nullable public String getFormat() { return format; }
    public void setFormat(@Nullable String format) { this.format = format; }
    public Libpq getLibpq() { return libpq; }
    public void setLibpq(Libpq libpq) { this.libpq = libpq; }

    /** {@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}, {@code PGDATABASE}. */
    @ConfigurationProperties("libpq")
    public static class Libpq {
        @Nullable private String host;
        @Nullable private String port;
        @Nullable private String user;
        @Nullable private String password;
        @Nullable private String db;

        @Nullable public String getHost() { return host; }
        public void setHost(@Nullable String host) { this.host = host; }
        @Nullable public String getPort() { return port; }
        public void setPort(@Nullable String port) { this.port = port; }
        @Nullable public String getUser() { return user; }
        public void setUser(@Nullable String user) { this.user = user; }
        @Nullable public String getPassword() { return password; }
        public void setPassword(@Nullable String password) { this.password = password; }
        @Nullable public String getDb() { return db; }
        public void setDb(@Nullable String db) { this.db = db; }
    }

    @Override
    public String enabledBy() {
        return "PG_HOST";
    }

    @Override
    public List<Defined> targets() {
        Map<String, String> c = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        put(c, keys, "host", "host", host, libpq.host);
        if (!c.containsKey("host")) {
            return List.of();
        }
        keys.put("engine", keys.get("connection.host"));
        put(c, keys, "port", "port", port, libpq.port);
        put(c, keys, "user", "user", user, libpq.user);
        put(c, keys, "password", "password", password, libpq.password);
        put(c, keys, "password-file", "password-file", passwordFile, null);
        put(c, keys, "databases", "db", db, libpq.db);
        put(c, keys, "dump-options", "dump-opts", dumpOpts, null);
        put(c, keys, "format", "format", format, null);
        return List.of(new Defined("postgres", PostgresEngine.NAME, c, keys));
    }

    /** The PG_ value, else libpq's; the key names whichever was used, for messages. */
    private static void put(Map<String, String> c, Map<String, String> keys, String setting, String property,
                            @Nullable String value, @Nullable String libpqValue) {
        boolean own = value != null && !value.isBlank();
        keys.put("connection." + setting, PREFIX + (own || libpqValue == null || libpqValue.isBlank() ? "" : "libpq.") + property);
        if (own) {
            c.put(setting, value);
        } else if (libpqValue != null && !libpqValue.isBlank()) {
            c.put(setting, libpqValue);
        }
    }
}
