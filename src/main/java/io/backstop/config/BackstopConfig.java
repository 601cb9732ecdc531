package io.backstop.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;

/**
 * Global settings the running parts need, typed. They come from the operators' usual environment variables (see
 * application.yml) or the YAML file; {@link Targets} has checked every one of them, as written, before this binds.
 * The settings every target inherits (schedule, time zone, retention) live in {@link Target}.
 */
@ConfigurationProperties("backstop")
public class BackstopConfig {
    private Path dir = Path.of("/backups");
    private int gzipLevel = 6;
    private double healthMaxAgeFactor = 2.0;
    private int compressThreads;
    @Nullable
    private String apiKey;

    public Path getDir() { return dir; }
    public void setDir(Path dir) { this.dir = dir; }
    public int getGzipLevel() { return gzipLevel; }
    public void setGzipLevel(int gzipLevel) { this.gzipLevel = gzipLevel; }
    public double getHealthMaxAgeFactor() { return healthMaxAgeFactor; }
    public void setHealthMaxAgeFactor(double healthMaxAgeFactor) { this.healthMaxAgeFactor = healthMaxAgeFactor; }
    /** Threads that compress in parallel; 0 (the default) means one per CPU core. */
    public int getCompressThreads() { return compressThreads == 0 ? Runtime.getRuntime().availableProcessors() : compressThreads; }
    public void setCompressThreads(int compressThreads) { this.compressThreads = compressThreads; }
    @Nullable public String getApiKey() { return apiKey; }
    public void setApiKey(@Nullable String apiKey) { this.apiKey = apiKey; }

    public boolean hasApiKey() { return apiKey != null && !apiKey.isBlank(); }
}
