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
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * {@code backstop restore}: finds the backup (by run id or file), checks it against its manifest's SHA-256,
 * and streams it, decompressed, into the target's engine while holding the target's run lock.
 */
@Singleton
public class RestoreService {
    private final Targets targets;
    private final Catalog catalog;
    private final LocalBackupStore store;
    private final EngineRegistry engines;

    public RestoreService(Targets targets, Catalog catalog, LocalBackupStore store, EngineRegistry engines) {
        this.targets = targets;
        this.catalog = catalog;
        this.store = store;
        this.engines = engines;
    }

    /** What was restored, from which file, into where. */
    public record Restored(String target, Path backup, String destination, boolean checksumVerified) {
    }

    /** Every file of the run or the one file named, each into its own destination (its database by default). */
    public List<Restored> restoreAll(String backup, @Nullable String targetName, @Nullable String destination, boolean force)
            throws RestoreException {
        List<Located> files = locate(backup, targetName);
        if (files.size() > 1 && destination != null) {
            throw new RestoreException("run " + backup + " holds " + files.size() + " files (" + files.stream()
                    .map(l -> l.file().getFileName().toString()).toList() + "); restore one of them by file to give it a new name");
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
        boolean verified = verify(located);
        try (TargetLock lock = store.tryLock(target.name()).orElseThrow(() -> new RestoreException(
                "target '" + target.name() + "' is being backed up right now; try again when the run has ended"))) {
            Path scratch = store.newScratch(target.name());
            try (InputStream in = new GZIPInputStream(Files.newInputStream(located.file()), 1 << 16)) {
                engines.require(target.engine()).restore(target, located.part(), in, new RestoreOptions(destination, force), scratch);
            } finally {
                store.discardScratch(scratch);
            }
        } catch (RestoreException e) {
            throw e;
        } catch (Exception e) {
            throw new RestoreException("restore of " + located.file() + " failed: " + e.getMessage(), e);
        }
        String into = destination != null ? destination : located.part().isEmpty() ? "the target's own database" : located.part();
        return new Restored(target.name(), located.file(), into, verified);
    }

    private record Located(String target, String part, Path file, @Nullable Manifest manifest) {
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
                if (!Files.isRegularFile(file)) {
                    throw new RestoreException("the backup of run " + backup + " is no longer on the volume: " + file);
                }
                files.add(located(targetName != null ? targetName : run.target(), file));
            }
            return files;
        }
        Path file = Path.of(backup).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new RestoreException("no such backup file: " + file);
        }
        String target = targetName != null ? targetName : store.manifestFor(file).map(Manifest::target).orElseThrow(() ->
                new RestoreException(file + " has no manifest beside it; name its target with --target"));
        return List.of(located(target, file));
    }

    /** The part comes from the file name, so a file without its manifest still restores into the right database. */
    private Located located(String target, Path file) throws RestoreException {
        String part = BackupFileName.parse(target, file.getFileName().toString()).map(BackupFileName.Parsed::part)
                .orElseThrow(() -> new RestoreException(file.getFileName() + " is not a backup of target '" + target
                        + "' (expected " + target + "_backup_<time>...); name the right target with --target"));
        return new Located(target, part, file, store.manifestFor(file).orElse(null));
    }

    private static boolean verify(Located located) throws RestoreException {
        if (located.manifest() == null) {
            return false;
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(located.file()), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            String actual = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            if (!actual.equals(located.manifest().sha256())) {
                throw new RestoreException(located.file() + " does not match its manifest (SHA-256 " + actual
                        + ", expected " + located.manifest().sha256() + "); the file is damaged, restore another backup");
            }
            return true;
        } catch (RestoreException e) {
            throw e;
        } catch (Exception e) {
            throw new RestoreException("cannot read " + located.file() + ": " + e.getMessage(), e);
        }
    }
}
