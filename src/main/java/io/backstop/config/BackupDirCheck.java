package io.backstop.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether a path can be the backup volume: a writable directory (created if missing), not under /proc, /sys or /dev. */
public final class BackupDirCheck {
    private BackupDirCheck() {
    }

    public static Optional<String> problem(String dir) {
        if (dir.isBlank()) {
            return Optional.of("missing");
        }
        Path path = Path.of(dir).toAbsolutePath().normalize();
        if (path.startsWith("/proc") || path.startsWith("/sys") || path.startsWith("/dev")) {
            return Optional.of(path + " is under " + path.getName(0) + ", not a place for backups");
        }
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.of(path + " cannot be created");
        }
        if (!Files.isDirectory(existing)) {
            return Optional.of(existing.equals(path) ? path + " is a file, not a directory"
                    : path + " cannot be created: " + existing + " is a file");
        }
        if (!Files.isWritable(existing)) {
            return Optional.of((existing.equals(path) ? path + " is not writable" : path + " cannot be created: "
                    + existing + " is not writable") + " by " + System.getProperty("user.name"));
        }
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            return Optional.of(path + " cannot be created: " + e.getMessage());
        }
        return Optional.empty();
    }
}
