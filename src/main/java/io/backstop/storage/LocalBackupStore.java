package io.backstop.storage;

import io.backstop.KillPoint;
import io.backstop.config.BackstopConfig;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The backup volume: {@code <dir>/<target>/<file>} plus a manifest beside each file. Files appear under their
 * final name only once complete and synced; everything else is a {@code .partial} that is removed on failure.
 */
@Singleton
public class LocalBackupStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalBackupStore.class);
    static final String MANIFEST_SUFFIX = ".manifest.json";
    private static final String PARTIAL_SUFFIX = ".partial";
    private static final String LOCK_FILE = ".backstop.lock";
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path root;
    private final ObjectMapper json;

    public LocalBackupStore(BackstopConfig config, ObjectMapper json) {
        this.root = config.getDir().toAbsolutePath();
        this.json = json;
    }

    /** @throws IllegalArgumentException for a name that is not a valid target name, wherever it was read */
    /** The backup volume ({@code BACKUP_DIR}). */
    public Path root() {
        return root;
    }

    public Path targetDir(String target) {
        if (!TargetName.isValid(target)) {
            throw new IllegalArgumentException("'" + target + "' is not a valid target name");
        }
        return root.resolve(target);
    }

    /** Locks the target for one run, or returns empty when another run (in any process) holds it. */
    public Optional<TargetLock> tryLock(String target) throws IOException {
        Path dir = Files.createDirectories(targetDir(target));
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new TargetLock(channel, lock));
            }
        } catch (OverlappingFileLockException heldInThisProcess) {
            // another thread of this process holds it
        }
        channel.close();
        return Optional.empty();
    }

    /**
     * Reserves a unique final name for a backup that starts now and opens nothing yet.
     *
     * @param usedBefore whether an earlier backup had this file name, though its file may be gone
     */
    public PendingBackup begin(String target, String part, Instant startedAt, String extension, String codec,
                               Predicate<String> usedBefore) throws IOException {
        if (!BackupPart.isValid(part)) {
            throw new IllegalArgumentException("'" + part + "' cannot be part of a file name: letters, digits, _, $ and - only");
        }
        Path dir = Files.createDirectories(targetDir(target));
        for (int sequence = 0; sequence < 1000; sequence++) {
            Path finalFile = dir.resolve(BackupFileName.format(target, startedAt, sequence, part, extension, codec));
            Path partial = dir.resolve(finalFile.getFileName() + PARTIAL_SUFFIX);
            if (Files.exists(finalFile) || Files.exists(partial) || usedBefore.test(finalFile.getFileName().toString())) {
                continue;
            }
            return new PendingBackup(target, part, partial, finalFile, newScratch(target));
        }
        throw new FileAlreadyExistsException(dir + ": no free backup name for " + startedAt);
    }

    /** A private, empty directory on the volume for an engine to stage files in; see {@link #discardScratch}. */
    public Path newScratch(String target) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(targetDir(target)), ".scratch-", OWNER_ONLY_DIR);
    }

    /** Opens the partial file for writing, readable by the owner only. */
    public FileChannel openPartial(PendingBackup pending) throws IOException {
        return FileChannel.open(pending.partial(), Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                OWNER_ONLY_FILE);
    }

    /**
     * Publishes a synced partial file: first its manifest (written to a partial file, synced and renamed), then the
     * data file under its final name, then the directory is synced. A kill at any point leaves either a final-named
     * file with its manifest, or a manifest without its file (removed as an orphan at the next start).
     */
    public StoredBackup commit(PendingBackup pending, Manifest manifest) throws IOException {
        Path manifestFile = manifestOf(pending.finalFile());
        writeManifest(manifestFile, manifest);
        KillPoint.reached("manifest-final");
        try {
            Files.move(pending.partial(), pending.finalFile(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(manifestFile);
            throw e;
        }
        syncDirectory(pending.finalFile().getParent());
        KillPoint.reached("data-final");
        discardScratch(pending.scratch());
        return new StoredBackup(pending.target(), pending.part(), pending.finalFile(), manifest.startedAt());
    }

    /** Replaces a finished backup's manifest (new marks), atomically: the old one stays whole until the new one is. */
    public void rewriteManifest(Path dataFile, Manifest manifest) throws IOException {
        writeManifest(manifestOf(dataFile), manifest);
        syncDirectory(dataFile.getParent());
    }

    private void writeManifest(Path manifestFile, Manifest manifest) throws IOException {
        Path manifestPartial = manifestFile.resolveSibling(manifestFile.getFileName() + PARTIAL_SUFFIX);
        try (FileChannel channel = FileChannel.open(manifestPartial,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                OWNER_ONLY_FILE);
             OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            out.write(json.writeValueAsBytes(manifest));
            out.flush();
            channel.force(true);
        }
        KillPoint.reached("manifest-written");
        Files.move(manifestPartial, manifestFile, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes everything a failed run wrote; earlier backups are not touched. */
    public void abandon(PendingBackup pending) {
        try {
            Files.deleteIfExists(pending.partial());
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", pending.partial(), e.toString());
        }
        discardScratch(pending.scratch());
    }

    /**
     * Removes what a run killed without cleanup (power loss, SIGKILL) left behind: partial files and scratch
     * directories, after stopping any process still working in one. Call only while holding the target's lock.
     */
    public int removeLeftovers(String target) throws IOException {
        Path dir = targetDir(target);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(PARTIAL_SUFFIX) || name.startsWith(".scratch-")) {
                    if (Files.isDirectory(file)) {
                        ScratchProcesses.stopAllIn(file);
                    }
                    discardScratch(file);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** The target's finished backups, oldest first. Files that do not follow Backstop's naming are ignored. */
    public List<StoredBackup> list(String target) throws IOException {
        Path dir = targetDir(target);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<StoredBackup> backups = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    BackupFileName.parse(target, file.getFileName().toString())
                            .ifPresent(name -> backups.add(new StoredBackup(target, name.part(), file, name.startedAt())));
                }
            }
        }
        backups.sort(Comparator.comparing(StoredBackup::startedAt).thenComparing(b -> b.file().getFileName()));
        return backups;
    }

    public Optional<StoredBackup> newest(String target) throws IOException {
        List<StoredBackup> all = list(target);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Deletes a backup and its manifest. */
    public void delete(StoredBackup backup) throws IOException {
        Files.deleteIfExists(backup.file());
        Files.deleteIfExists(manifestOf(backup.file()));
    }

    /**
     * What a target's directory holds: final-named backups, the valid manifest of each (by file name), and manifests
     * whose backup file is missing. A manifest that cannot be read or does not describe the file beside it (wrong
     * target, a name outside Backstop's grammar) is reported with one WARN line and left out.
     */
    public TargetContents contents(String target) throws IOException {
        Path dir = targetDir(target);
        List<StoredBackup> backups = list(target);
        Map<String, Manifest> manifests = new HashMap<>();
        List<Path> orphans = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + MANIFEST_SUFFIX)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    String backupName = name.substring(0, name.length() - MANIFEST_SUFFIX.length());
                    if (!Files.isRegularFile(dir.resolve(backupName))) {
                        orphans.add(file);
                    } else {
                        readManifest(file).ifPresent(m -> manifests.put(backupName, m));
                    }
                }
            }
        }
        return new TargetContents(target, backups, manifests, orphans);
    }

    /**
     * The path of one of the target's backups, from names that may come from the catalog, a manifest or a URL.
     *
     * @throws IllegalArgumentException when either name is not one Backstop makes, so nothing outside the target's
     *                                  directory can ever be named
     */
    public Path fileOf(String target, String fileName) {
        if (!TargetName.isValid(target)) {
            throw new IllegalArgumentException("'" + target + "' is not a valid target name");
        }
        if (fileName == null || BackupFileName.parse(target, fileName).isEmpty()) {
            throw new IllegalArgumentException("'" + fileName + "' is not the name of a backup of target '" + target + "'");
        }
        Path dir = targetDir(target);
        Path file = dir.resolve(fileName).normalize();
        if (!dir.equals(file.getParent())) {
            throw new IllegalArgumentException("'" + fileName + "' is not inside " + dir);
        }
        return file;
    }

    /** The manifest beside a backup file, when there is a valid one. */
    public Optional<Manifest> manifestFor(Path backupFile) {
        Path manifest = manifestOf(backupFile);
        return Files.isRegularFile(manifest) ? readManifest(manifest) : Optional.empty();
    }

    /** Deletes a manifest whose backup file is gone. */
    public void deleteOrphan(Path manifest) throws IOException {
        if (!manifest.getFileName().toString().endsWith(MANIFEST_SUFFIX)) {
            throw new IllegalArgumentException(manifest + " is not a manifest");
        }
        Files.deleteIfExists(manifest);
    }

    private Optional<Manifest> readManifest(Path manifest) {
        Manifest m;
        try {
            m = json.readValue(Files.readAllBytes(manifest), Manifest.class);
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping manifest {}: not readable: {}", manifest, e.getMessage());
            return Optional.empty();
        }
        // on the volume a manifest must lie in its own target's directory; a copy elsewhere is judged by its name only
        Path dir = manifest.toAbsolutePath().getParent();
        String expectedTarget = root.equals(dir.getParent()) ? dir.getFileName().toString() : m.target();
        String problem = ManifestCheck.problem(m, expectedTarget,
                manifest.getFileName().toString().replace(MANIFEST_SUFFIX, ""));
        if (problem != null) {
            LOG.warn("skipping manifest {}: {}", manifest, problem);
            return Optional.empty();
        }
        return Optional.of(m);
    }

    static Path manifestOf(Path backupFile) {
        return backupFile.resolveSibling(backupFile.getFileName() + MANIFEST_SUFFIX);
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    public void discardScratch(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove scratch directory {}: {}", dir, e.toString());
        }
    }
}
