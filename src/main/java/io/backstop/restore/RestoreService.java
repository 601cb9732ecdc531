package io.backstop.restore;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.engine.EngineRegistry;
import io.backstop.engine.RestoreOptions;
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
import java.util.Optional;
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

    /**
     * @param backup       a run id from {@code backstop list}, or the path of a backup file
     * @param targetName   the target to restore for; taken from the run or the manifest when null
     * @param destination  where to restore instead of the target's own database
     * @throws RestoreException with a message for the operator
     */
    public Restored restore(String backup, @Nullable String targetName, @Nullable String destination, boolean force)
            throws RestoreException {
        Located located = locate(backup, targetName);
        Target target = targets.find(located.target()).orElseThrow(() -> new RestoreException(
                "target '" + located.target() + "' is not configured; configured: " + targets.all().stream().map(Target::name).toList()));
        boolean verified = verify(located);
        try (TargetLock lock = store.tryLock(target.name()).orElseThrow(() -> new RestoreException(
                "target '" + target.name() + "' is being backed up right now; try again when the run has ended"))) {
            Path scratch = store.newScratch(target.name());
            try (InputStream in = new GZIPInputStream(Files.newInputStream(located.file()), 1 << 16)) {
                engines.require(target.engine()).restore(target, in, new RestoreOptions(destination, force), scratch);
            } finally {
                store.discardScratch(scratch);
            }
        } catch (RestoreException e) {
            throw e;
        } catch (Exception e) {
            throw new RestoreException("restore of " + located.file() + " failed: " + e.getMessage(), e);
        }
        return new Restored(target.name(), located.file(), destination == null ? "the target's own database" : destination, verified);
    }

    private record Located(String target, Path file, @Nullable Manifest manifest) {
    }

    private Located locate(String backup, @Nullable String targetName) throws RestoreException {
        if (backup.matches("[0-9]+")) {
            BackupRun run = catalog.find(Long.parseLong(backup))
                    .orElseThrow(() -> new RestoreException("no run with id " + backup + "; see 'backstop list'"));
            if (run.status() != RunStatus.SUCCEEDED || run.file() == null) {
                throw new RestoreException("run " + backup + " did not produce a backup (" + run.status() + ")");
            }
            Path file = store.targetDir(run.target()).resolve(run.file());
            if (!Files.isRegularFile(file)) {
                throw new RestoreException("the backup of run " + backup + " is no longer on the volume: " + file);
            }
            return new Located(targetName != null ? targetName : run.target(), file, store.manifestFor(file).orElse(null));
        }
        Path file = Path.of(backup).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new RestoreException("no such backup file: " + file);
        }
        Optional<Manifest> manifest = store.manifestFor(file);
        String target = targetName != null ? targetName : manifest.map(Manifest::target).orElseThrow(() ->
                new RestoreException(file + " has no manifest beside it; name its target with --target"));
        return new Located(target, file, manifest.orElse(null));
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
