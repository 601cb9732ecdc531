package io.backstop.config;

import io.backstop.schedule.CronSchedule;

import java.util.List;
import java.util.Map;

/**
 * One validated thing to back up.
 *
 * @param connection engine-specific settings (for SQLite: {@code path})
 * @param compression how its backups are compressed
 * @param recipients the age public keys its backups are encrypted to; empty: not encrypted
 * @param logCapture whether its transaction log is captured continuously, for point-in-time recovery
 * @param keys       where each setting came from, so messages name the key the operator wrote
 */
public record Target(String name, String engine, Map<String, String> connection, CronSchedule schedule,
                     int retentionDays, int keepMin, BackstopConfig.Compression compression, List<String> recipients,
                     LogCaptureSettings logCapture, ConfigKeys keys) {

    public boolean encrypted() {
        return !recipients.isEmpty();
    }


    public String setting(String key) {
        return connection.get(key);
    }

    /** Without the connection settings, which may hold a password. */
    @Override
    public String toString() {
        return "Target[" + name + ", " + engine + ", " + schedule + "]";
    }
}
