package io.backstop.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;

/**
 * Global settings. In simple mode they come from the operators' usual environment variables
 * (see application.yml); they are also the defaults every full-mode target inherits.
 */
@ConfigurationProperties("backstop")
public class BackstopConfig {
    private Path dir = Path.of("/backups");
    private String schedule = "0 */6 * * *";
    private String timeZone = "UTC";
    private int retentionDays = 7;
    private int keepMin = 1;
    private int gzipLevel = 6;
    private double healthMaxAgeFactor = 2.0;
    private int compressThreads;
    @Nullable
    private String apiKey;
    @Nullable
    private String sqlitePath;

    public Path getDir() { return dir; }
    public void setDir(Path dir) { this.dir = dir; }
    public String getSchedule() { return schedule; }
    public void setSchedule(String schedule) { this.schedule = schedule; }
    public String getTimeZone() { return timeZone; }
    public void setTimeZone(String timeZone) { this.timeZone = timeZone; }
    public int getRetentionDays() { return retentionDays; }
    public void setRetentionDays(int retentionDays) { this.retentionDays = retentionDays; }
    public int getKeepMin() { return keepMin; }
    public void setKeepMin(int keepMin) { this.keepMin = keepMin; }
    public int getGzipLevel() { return gzipLevel; }
    public void setGzipLevel(int gzipLevel) { this.gzipLevel = gzipLevel; }
    public double getHealthMaxAgeFactor() { return healthMaxAgeFactor; }
    public void setHealthMaxAgeFactor(double healthMaxAgeFactor) { this.healthMaxAgeFactor = healthMaxAgeFactor; }
    /** Threads that compress in parallel; 0 (the default) means one per CPU core. */
    public int getCompressThreads() { return compressThreads == 0 ? Runtime.getRuntime().availableProcessors() : compressThreads; }
    public void setCompressThreads(int compressThreads) { this.compressThreads = compressThreads; }
    @Nullable public String getApiKey() { return apiKey; }
    public void setApiKey(@Nullable String apiKey) { this.apiKey = apiKey; }
    /** Simple mode: comma-separated SQLite files, one target each, named after the file's stem. */
    @Nullable public String getSqlitePath() { return sqlitePath; }
    public void setSqlitePath(@Nullable String sqlitePath) { this.sqlitePath = sqlitePath; }

    public boolean hasApiKey() { return apiKey != null && !apiKey.isBlank(); }
}
