package io.backstop.engine.mysql;

import io.backstop.config.SimpleMode;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Simple mode's MySQL/MariaDB target, named {@code mysql}; enabled by {@code MYSQL_HOST} ({@code backstop.mysql.*}). */
@ConfigurationProperties("backstop.mysql")
public class MysqlSimpleMode implements SimpleMode {
    private static final String PREFIX = "backstop.mysql.";

    @Nullable private String host;
    @Nullable private String port;
    @Nullable private String user;
    @Nullable private String password;
    @Nullable private String passwordFile;
    @Nullable private String db;
    @Nullable private String dumpOpts;
    @Nullable private String binlogCapture;
    @Nullable private String binlogServerId;

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
    @Nullable public String getBinlogCapture() { return binlogCapture; }
    public void setBinlogCapture(@Nullable String binlogCapture) { this.binlogCapture = binlogCapture; }
    @Nullable public String getBinlogServerId() { return binlogServerId; }
    public void setBinlogServerId(@Nullable String binlogServerId) { this.binlogServerId = binlogServerId; }

    @Override
    public String enabledBy() {
        return "MYSQL_HOST";
    }

    @Override
    public List<Defined> targets() {
        if (host == null || host.isBlank()) {
            return List.of();
        }
        Map<String, String> c = new LinkedHashMap<>();
        put(c, "host", host);
        put(c, "port", port);
        put(c, "user", user);
        put(c, "password", password);
        put(c, "password-file", passwordFile);
        put(c, "databases", db);
        put(c, "dump-options", dumpOpts);
        Map<String, String> keys = Map.of("engine", PREFIX + "host", "connection.host", PREFIX + "host",
                "connection.port", PREFIX + "port", "connection.user", PREFIX + "user",
                "connection.password-file", PREFIX + "password-file", "connection.databases", PREFIX + "db",
                "connection.dump-options", PREFIX + "dump-opts", "binlog.enabled", PREFIX + "binlog-capture",
                "binlog.server-id", PREFIX + "binlog-server-id");
        Map<String, String> binlog = new LinkedHashMap<>();
        put(binlog, "enabled", binlogCapture);
        put(binlog, "server-id", binlogServerId);
        return List.of(new Defined("mysql", "mysql", c, keys, binlog));
    }

    private static void put(Map<String, String> c, String key, @Nullable String value) {
        if (value != null && !value.isBlank()) {
            c.put(key, value);
        }
    }
}
