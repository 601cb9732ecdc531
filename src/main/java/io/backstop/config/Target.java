package io.backstop.config;

import io.backstop.schedule.CronSchedule;

import java.util.Map;

/**
 * One validated thing to back up.
 *
 * @param connection engine-specific settings (for SQLite: {@code path})
 * @param keys       where each setting came from, so messages name the key the operator wrote
 */
public record Target(String name, String engine, Map<String, String> connection, CronSchedule schedule,
                     int retentionDays, int keepMin, ConfigKeys keys) {

    public String setting(String key) {
        return connection.get(key);
    }

    /** Without the connection settings, which may hold a password. */
    @Override
    public String toString() {
        return "Target[" + name + ", " + engine + ", " + schedule + "]";
    }
}
