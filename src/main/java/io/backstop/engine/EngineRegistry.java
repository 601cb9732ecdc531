package io.backstop.engine;

import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/** All engine beans, by name. */
@Singleton
public class EngineRegistry {
    private final List<BackupEngine> engines;

    public EngineRegistry(List<BackupEngine> engines) {
        this.engines = List.copyOf(engines);
    }

    public Optional<BackupEngine> find(String name) {
        return engines.stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
    }

    public BackupEngine require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no engine named '" + name + "'"));
    }

    public List<String> names() {
        return engines.stream().map(BackupEngine::name).sorted().toList();
    }
}
