package io.backstop.config;

import java.util.Map;

/** Names the configuration key behind a target's setting, as the operator wrote it. */
public record ConfigKeys(String prefix, Map<String, String> overrides) {

    public static ConfigKeys fullMode(String targetName) {
        return new ConfigKeys("backstop.targets." + targetName + ".", Map.of());
    }

    /** @param setting e.g. {@code connection.path} or {@code schedule} */
    public String of(String setting) {
        return overrides.getOrDefault(setting, prefix + setting);
    }
}
