package io.backstop.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Global settings the running parts need, typed and validated ({@link TypedSettings} reports every bad value by its
 * variable before anything runs). Defaults are application.yml's, beside each variable's name. The settings every
 * target inherits (schedule, time zone, retention) live in {@link Target}.
 */
@ConfigurationProperties("backstop")
@Introspected
public class BackstopConfig {
    private Path dir;
    private Compression compression;
    @Min(value = 1, message = "must be 1..9") @Max(value = 9, message = "must be 1..9")
    private int gzipLevel;
    @Min(value = 1, message = "must be 1..19") @Max(value = 19, message = "must be 1..19")
    private int zstdLevel;
    @DecimalMin(value = "1", inclusive = false, message = "must be greater than 1")
    private double healthMaxAgeFactor;
    @Min(value = 0, message = "must be 0 (one per core) or more")
    private int compressThreads;
    @Nullable
    private String apiKey;
    private boolean metricsPublic;
    private Duration pauseMax;
    private Duration shutdownGrace;
    private Ui ui;

    /** How backups are compressed ({@code BACKUP_COMPRESSION}); the file names end in the codec, {@code gz} or {@code zst}. */
    public enum Compression {
        GZIP("gz"), ZSTD("zst");

        public final String codec;

        Compression(String codec) {
            this.codec = codec;
        }
    }

    /** The status page ({@code BACKUP_UI}). */
    public enum Ui { ON, OFF }

    public Path getDir() { return dir; }
    public void setDir(Path dir) { this.dir = dir; }
    public Compression getCompression() { return compression; }
    public void setCompression(Compression compression) { this.compression = compression; }
    public int getZstdLevel() { return zstdLevel; }
    public void setZstdLevel(int zstdLevel) { this.zstdLevel = zstdLevel; }
    public int getGzipLevel() { return gzipLevel; }
    public void setGzipLevel(int gzipLevel) { this.gzipLevel = gzipLevel; }
    public double getHealthMaxAgeFactor() { return healthMaxAgeFactor; }
    public void setHealthMaxAgeFactor(double healthMaxAgeFactor) { this.healthMaxAgeFactor = healthMaxAgeFactor; }
    public int getCompressThreads() { return compressThreads; }
    public void setCompressThreads(int compressThreads) { this.compressThreads = compressThreads; }
    /** Threads that compress in parallel: {@code compress-threads}, or one per CPU core when that is 0. */
    public int compressionThreads() { return compressThreads == 0 ? Runtime.getRuntime().availableProcessors() : compressThreads; }
    @Nullable public String getApiKey() { return apiKey; }
    public void setApiKey(@Nullable String apiKey) { this.apiKey = apiKey; }
    /** Whether anyone who reaches the port may read /prometheus ({@code BACKUP_METRICS_PUBLIC}). */
    public boolean isMetricsPublic() { return metricsPublic; }
    public void setMetricsPublic(boolean metricsPublic) { this.metricsPublic = metricsPublic; }
    /** How long a pause keeps a target healthy before health turns DOWN ({@code BACKUP_PAUSE_MAX}). */
    public Duration getPauseMax() { return pauseMax; }
    public void setPauseMax(Duration pauseMax) { this.pauseMax = pauseMax; }
    /** How long a stopping daemon lets running backups finish ({@code BACKUP_SHUTDOWN_GRACE}). */
    public Duration getShutdownGrace() { return shutdownGrace; }
    public void setShutdownGrace(Duration shutdownGrace) { this.shutdownGrace = shutdownGrace; }

    public Ui getUi() { return ui; }
    public void setUi(Ui ui) { this.ui = ui; }

    public boolean hasApiKey() { return apiKey != null && !apiKey.isBlank(); }
}
