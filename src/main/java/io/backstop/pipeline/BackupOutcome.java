package io.backstop.pipeline;

import io.backstop.storage.Manifest;
import io.backstop.storage.StoredBackup;
import io.backstop.verify.ReadAlong;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The finished, synced files of one run, one per part, with their manifests. */
public record BackupOutcome(List<Item> items) {

    /** @param readBack the quick verification that read the file as it was written; null for a file found on the volume */
    public record Item(StoredBackup backup, Manifest manifest, @Nullable ReadAlong readBack) {
        public Item(StoredBackup backup, Manifest manifest) {
            this(backup, manifest, null);
        }
    }

    /** When the last file was finished. */
    public Instant finishedAt() {
        return items.stream().map(i -> i.manifest().finishedAt()).max(Instant::compareTo).orElseThrow();
    }

    public long rawBytes() {
        return items.stream().mapToLong(i -> i.manifest().rawBytes()).sum();
    }

    public long bytes() {
        return items.stream().mapToLong(i -> i.manifest().bytes()).sum();
    }

    /** The file's SHA-256 when the run wrote one file; with several, each manifest holds its own. */
    public String sha256() {
        return items.size() == 1 ? items.get(0).manifest().sha256() : null;
    }

    /** File names, comma-separated when the run wrote several. */
    public String files() {
        return items.stream().map(i -> i.manifest().file()).collect(Collectors.joining(FILE_SEPARATOR));
    }

    public static final String FILE_SEPARATOR = ",";
}
