package io.backstop.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;

/** Full mode: one named target under {@code backstop.targets.<name>}; unset fields inherit the globals. */
@EachProperty("backstop.targets")
public class TargetProperties {
    private final String name;
    @Nullable private String engine;
    private Map<String, String> connection = new LinkedHashMap<>();
    @Nullable private String schedule;
    /** Text, converted by {@link Targets}, so a value that is no number is reported with the others. */
    @Nullable private String retentionDays;
    @Nullable private String keepMin;
    /** Comma-separated age public keys instead of the global ones; {@code none} turns encryption off for the target. */
    @Nullable private String encryptRecipients;
    /** {@code enabled} (true/false) and {@code server-id}: continuous capture of the binlog for point-in-time recovery. */
    private Map<String, String> binlog = new LinkedHashMap<>();
    /** gzip or zstd instead of {@code BACKUP_COMPRESSION}. */
    @Nullable private String compression;

    public TargetProperties(@Parameter String name) { this.name = name; }

    public String getName() { return name; }
    @Nullable public String getEngine() { return engine; }
    public void setEngine(@Nullable String engine) { this.engine = engine; }
    public Map<String, String> getConnection() { return connection; }
    public void setConnection(Map<String, String> connection) { this.connection = connection; }
    @Nullable public String getSchedule() { return schedule; }
    public void setSchedule(@Nullable String schedule) { this.schedule = schedule; }
    @Nullable public String getRetentionDays() { return retentionDays; }
    public void setRetentionDays(@Nullable String retentionDays) { this.retentionDays = retentionDays; }
    @Nullable public String getKeepMin() { return keepMin; }
    public void setKeepMin(@Nullable String keepMin) { this.keepMin = keepMin; }
    public Map<String, String> getBinlog() { return binlog; }
    public void setBinlog(Map<String, String> binlog) { this.binlog = binlog; }
    @Nullable public String getCompression() { return compression; }
    public void setCompression(@Nullable String compression) { this.compression = compression; }
    @Nullable public String getEncryptRecipients() { return encryptRecipients; }
    public void setEncryptRecipients(@Nullable String encryptRecipients) { this.encryptRecipients = encryptRecipients; }
}
