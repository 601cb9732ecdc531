package io.backstop.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One target's directory as found on the volume.
 *
 * @param backups          final-named backup files, oldest first
 * @param manifests        the valid manifest of each backup file that has one, by file name
 * @param orphanManifests  manifests whose backup file does not exist
 */
public record TargetContents(String target, List<StoredBackup> backups, Map<String, Manifest> manifests,
                             List<Path> orphanManifests) {

    public Optional<Manifest> manifestOf(StoredBackup backup) {
        return Optional.ofNullable(manifests.get(backup.file().getFileName().toString()));
    }
}
