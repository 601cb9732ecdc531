package io.backstop.restore;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.engine.EngineRegistry;
import io.backstop.engine.RestoreOptions;
import io.backstop.pipeline.BackupOutcome;
import io.backstop.storage.BackupFileName;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.Manifest;
import io.backstop.storage.TargetLock;
import io.backstop.storage.s3.S3BackupStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * {@code backstop restore}: finds the backup (by run id or file), checks it against its manifest's SHA-256,
 * and streams it, decompressed, into the target's engine while holding the target's run lock. A backup that
 * is no longer on the volume is fetched from S3 first: streamed into a scratch file beside the backups and
 * verified there, so a damaged download never reaches the database.
 */
@Singleton
public class RestoreService {
    private final Targets targets;
    private final Catalog catalog;
    private final LocalBackupStore store;
    private final EngineRegistry engines;
    private final Optional<S3BackupStore> remote;

    public RestoreService(Targets targets, Catalog catalog, LocalBackupStore store, EngineRegistry engines,
                          Optional<S3BackupStore> remote) {
        this.targets = targets;
        this.catalog = catalog;
        this.store = store;
        this.engines = engines;
        this.remote = remote;
    }

    /** What was restored, from which file or S3 object, into where. */
    public record Restored(String target, String backup, String destination, boolean checksumVerified) {
    }

    /** Every file of the run or the one file named, each into its own destination (its database by default). */
    public List<Restored> restoreAll(String backup, @Nullable String targetName, @Nullable String destination, boolean force)
            throws RestoreException {
        List<Located> files = locate(backup, targetName);
        if (files.size() > 1 && destination != null) {
            throw new RestoreException("run " + backup + " holds " + files.size() + " files (" + files.stream()
                    .map(Located::fileName).toList() + "); restore one of them by file to give it a new name");
        }
        List<Restored> restored = new ArrayList<>();
        for (Located file : files) {
            restored.add(restore(file, destination, force));
        }
        return restored;
    }

    /**
     * @throws RestoreException with a message for the operator
     */
    private Restored restore(Located located, @Nullable String destination, boolean force) throws RestoreException {
        Target target = targets.find(located.target()).orElseThrow(() -> new RestoreException(
                "target '" + located.target() + "' is not configured; configured: " + targets.all().stream().map(Target::name).toList()));
        Path scratch = null;
        boolean verified;
        try {
            scratch = store.newScratch(target.name());
            Located local = located.file() != null ? located : fetch(located, scratch);
            verified = verify(local);
            try (TargetLock lock = store.tryLock(target.name()).orElseThrow(() -> new RestoreException(
                    "target '" + target.name() + "' is being backed up right now; try again when the run has ended"));
                 InputStream in = new GZIPInputStream(Files.newInputStream(local.file()), 1 << 16)) {
                engines.require(target.engine()).restore(target, located.part(), in, new RestoreOptions(destination, force),
                        Files.createDirectory(scratch.resolve("engine")));
            }
        } catch (RestoreException e) {
            throw e;
        } catch (Exception e) {
            throw new RestoreException("restore of " + located.source() + " failed: " + e.getMessage(), e);
        } finally {
            if (scratch != null) {
                store.discardScratch(scratch);
            }
        }
        String into = destination != null ? destination : located.part().isEmpty() ? "the target's own database" : located.part();
        return new Restored(target.name(), located.source(), into, verified);
    }

    /** Streams the backup and its manifest from S3 into the scratch directory. */
    private Located fetch(Located located, Path scratch) throws Exception {
        S3BackupStore s3 = remote.orElseThrow();
        Path file = scratch.resolve(located.fileName());
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!s3.download(located.target(), located.fileName(), out)) {
                throw new RestoreException(located.source() + " is neither on the volume nor on S3 (any more)");
            }
        }
        Manifest manifest = s3.manifest(located.target(), located.fileName()).orElseThrow(() -> new RestoreException(
                located.source() + " has no manifest on S3, so its checksum cannot be verified; download it yourself"
                        + " and restore the file with --target " + located.target()));
        return new Located(located.target(), located.part(), located.fileName(), file, manifest, located.source());
    }

    /** A backup to restore: a local file, or (file null) an object on S3 still to be fetched. */
    private record Located(String target, String part, String fileName, @Nullable Path file, @Nullable Manifest manifest,
                           String source) {
    }

    private List<Located> locate(String backup, @Nullable String targetName) throws RestoreException {
        if (backup.matches("[0-9]+")) {
            BackupRun run = catalog.find(Long.parseLong(backup))
                    .orElseThrow(() -> new RestoreException("no run with id " + backup + "; see 'backstop list'"));
            if (run.status() != RunStatus.SUCCEEDED || run.file() == null) {
                throw new RestoreException("run " + backup + " did not produce a backup (" + run.status() + ")");
            }
            List<Located> files = new ArrayList<>();
            for (String name : run.file().split(BackupOutcome.FILE_SEPARATOR)) {
                Path file = store.targetDir(run.target()).resolve(name);
                String target = targetName != null ? targetName : run.target();
                if (Files.isRegularFile(file)) {
                    files.add(located(target, file));
                } else if (remote.isPresent()) {
                    files.add(onS3(run.target(), name));
                } else {
                    throw new RestoreException("the backup of run " + backup + " is no longer on the volume: " + file
                            + " (and S3 is not configured)");
                }
            }
            return files;
        }
        Path file = Path.of(backup).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            if (remote.isPresent() && !backup.contains("/")) {
                String target = targetName != null ? targetName : backup.contains("_backup_")
                        ? backup.substring(0, backup.indexOf("_backup_")) : backup;
                return List.of(onS3(target, backup));
            }
            throw new RestoreException("no such backup file: " + file);
        }
        String target = targetName != null ? targetName : store.manifestFor(file).map(Manifest::target).orElseThrow(() ->
                new RestoreException(file + " has no manifest beside it; name its target with --target"));
        return List.of(located(target, file));
    }

    /** The part comes from the file name, so a file without its manifest still restores into the right database. */
    private Located located(String target, Path file) throws RestoreException {
        String name = file.getFileName().toString();
        return new Located(target, part(target, name), name, file, store.manifestFor(file).orElse(null), file.toString());
    }

    private Located onS3(String target, String fileName) throws RestoreException {
        return new Located(target, part(target, fileName), fileName, null, null, remote.orElseThrow().url(target, fileName));
    }

    private static String part(String target, String fileName) throws RestoreException {
        return BackupFileName.parse(target, fileName).map(BackupFileName.Parsed::part)
                .orElseThrow(() -> new RestoreException(fileName + " is not a backup of target '" + target
                        + "' (expected " + target + "_backup_<time>...); name the right target with --target"));
    }

    private static boolean verify(Located located) throws RestoreException {
        if (located.manifest() == null) {
            return false;
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(located.file()), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            String actual = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            if (!actual.equals(located.manifest().sha256())) {
                throw new RestoreException(located.source() + " does not match its manifest (SHA-256 " + actual
                        + ", expected " + located.manifest().sha256() + "); the file is damaged, restore another backup");
            }
            return true;
        } catch (RestoreException e) {
            throw e;
        } catch (Exception e) {
            throw new RestoreException("cannot read " + located.source() + ": " + e.getMessage(), e);
        }
    }
}
