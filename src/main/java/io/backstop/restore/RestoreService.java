package io.backstop.restore;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.crypt.StoredDumps;
import io.backstop.engine.EngineRegistry;
import io.backstop.engine.RestoreOptions;
import io.backstop.engine.TransactionLog;
import io.backstop.storage.LogPosition;
import io.backstop.pipeline.BackupOutcome;
import io.backstop.storage.BackupFileName;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.Manifest;
import io.backstop.storage.TargetLock;
import io.backstop.storage.TargetName;
import io.backstop.storage.s3.S3BackupStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code backstop restore}: finds the backup (by run id or file), checks it against its manifest's SHA-256,
 * and streams it, decrypted (an encrypted file is first decrypted to its end, so a wrong key or a damaged file is found
 * before anything is written) and decompressed, into the target's engine while holding the target's run lock. A backup that
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
    private final StoredDumps dumps;
    private final ShippedLog shippedLog;

    public RestoreService(Targets targets, Catalog catalog, LocalBackupStore store, EngineRegistry engines,
                          Optional<S3BackupStore> remote, StoredDumps dumps, ShippedLog shippedLog) {
        this.dumps = dumps;
        this.shippedLog = shippedLog;
        this.targets = targets;
        this.catalog = catalog;
        this.store = store;
        this.engines = engines;
        this.remote = remote;
    }

    /**
     * What was restored, from which file or S3 object, into where.
     *
     * @param verification how the file was checked before it was restored, in words
     * @param replayed     for a point-in-time restore: which part of the transaction log was replayed onto it, in words
     */
    @Serdeable
    public record Restored(String target, String backup, String destination, String verification, @Nullable String replayed) {
        Restored withReplayed(String what) {
            return new Restored(target, backup, destination, verification, what);
        }
    }

    /** Every file of the run or the one file named, each into its own destination (its database by default). */
    public List<Restored> restoreAll(RestoreRequest request) throws RestoreException {
        if (request.at() != null) {
            return restoreAt(request);
        }
        Path base = request.workingDirectory() == null ? Path.of("").toAbsolutePath() : Path.of(request.workingDirectory());
        List<Located> files = locate(request.backup(), request.target(), base);
        List<Located> onRequest = files.size() > 1 ? files.stream().filter(f -> !restoredByDefault(f)).toList() : List.of();
        List<Located> databases = files.stream().filter(f -> !onRequest.contains(f)).toList();
        if (databases.size() > 1 && request.destination() != null) {
            throw new RestoreException("run " + request.backup() + " holds " + databases.size() + " files (" + databases.stream()
                    .map(Located::fileName).toList() + "); restore one of them by file to give it a new name");
        }
        RestoreOptions options = new RestoreOptions(request.destination(), request.force(), base);
        List<Restored> restored = new ArrayList<>();
        if (request.globals()) {
            for (Located file : onRequest) {
                restored.add(restore(file, options, request.noVerify()));
            }
        }
        for (Located file : databases) {
            restored.add(restore(file, options, request.noVerify()));
        }
        return restored;
    }

    /**
     * @throws RestoreException with a message for the operator
     */
    private Restored restore(Located located, RestoreOptions options, boolean noVerify) throws RestoreException {
        Target target = targets.find(located.target()).orElseThrow(() -> new RestoreException(
                "target '" + located.target() + "' is not configured; configured: " + targets.all().stream().map(Target::name).toList()));
        Path scratch = null;
        String verified;
        try {
            scratch = store.newScratch(target.name());
            Located local = located.file() != null ? located : fetch(located, scratch);
            verified = verify(local, noVerify);
            dumps.authenticate(local.file());
            try (TargetLock lock = store.tryLock(target.name()).orElseThrow(() -> new RestoreException(
                    "target '" + target.name() + "' is being backed up right now; try again when the run has ended"));
                 InputStream in = dumps.open(Files.newInputStream(local.file()), local.fileName())) {
                engines.require(target.engine()).restore(target, located.part(), in, options,
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
        String into = options.destination() != null ? options.destination() : located.part().isEmpty() ? "the target's own database" : located.part();
        return new Restored(target.name(), located.source(), into, verified, null);
    }

    /**
     * Point-in-time: the newest full backup whose dump stands before the time and that the captured log carries forward,
     * each of its databases restored, then the log replayed onto it up to that time.
     */
    private List<Restored> restoreAt(RestoreRequest request) throws RestoreException {
        String name = request.target() != null ? request.target() : request.backup();
        Target target = targets.find(name).orElseThrow(() -> new RestoreException("--at restores a target to a point in time;"
                + " '" + name + "' is not a configured target: " + targets.all().stream().map(Target::name).toList()));
        TransactionLog log = engines.require(target.engine()).transactionLog().filter(l -> target.logCapture().enabled())
                .orElseThrow(() -> new RestoreException("target '" + name + "' has no captured transaction log, so it can only be"
                        + " restored to one of its backups; turn on BINLOG_CAPTURE (" + target.keys().of("binlog.enabled") + ")"));
        Instant until = PointInTime.parse(request.at());
        Path scratch = null;
        try {
            Path dir = store.targetDir(target.name()).resolve(log.name());
            List<Manifest> run;
            String fromS3 = "";
            try {
                run = PointInTime.choose(target.name(), storedManifests(target.name()), until, log, dir);
            } catch (RestoreException onVolume) {
                if (remote.isEmpty()) {
                    throw onVolume;
                }
                scratch = newScratch(target);
                dir = scratch.resolve(log.name());
                int pieces;
                List<Manifest> onS3Manifests;
                try {
                    pieces = shippedLog.fetch(remote.get(), target, log, dir);
                    onS3Manifests = shippedLog.manifests(remote.get(), target.name());
                } catch (java.io.IOException | RuntimeException e) {
                    throw new RestoreException(onVolume.getMessage() + "; and the " + log.name() + " shipped to S3 cannot be read: "
                            + e.getMessage(), e);
                }
                try {
                    run = PointInTime.choose(target.name(), onS3Manifests, until, log, dir);
                } catch (RestoreException onS3) {
                    throw new RestoreException(onVolume.getMessage() + "; nor from S3, with its " + pieces + " " + log.name()
                            + " piece(s): " + onS3.getMessage(), onS3);
                }
                fromS3 = " as shipped to S3 (" + pieces + " pieces)";
            }
            return restoreAndReplay(request, target, log, run, dir, until, fromS3);
        } finally {
            if (scratch != null) {
                store.discardScratch(scratch);
            }
        }
    }

    private Path newScratch(Target target) throws RestoreException {
        try {
            return store.newScratch(target.name());
        } catch (java.io.IOException e) {
            throw new RestoreException("cannot make a scratch directory on the volume for " + target.name() + ": " + e.getMessage(), e);
        }
    }

    /** Restores each database of the run (from the volume, or S3 when it is gone from there), then replays the log onto it. */
    private List<Restored> restoreAndReplay(RestoreRequest request, Target target, TransactionLog log, List<Manifest> run,
                                            Path dir, @Nullable Instant until, String logSource) throws RestoreException {
        List<Manifest> databases = run.stream().filter(m -> engines.require(target.engine()).restoredByDefault(m.part())).toList();
        if (databases.size() > 1 && request.destination() != null) {
            throw new RestoreException("the backup to start from (" + run.get(0).file() + " and others) holds " + databases.size()
                    + " databases; restore to a point in time into their own names, without --database");
        }
        Path base = request.workingDirectory() == null ? Path.of("").toAbsolutePath() : Path.of(request.workingDirectory());
        RestoreOptions options = new RestoreOptions(request.destination(), request.force(), base);
        List<Restored> restored = new ArrayList<>();
        for (Manifest manifest : databases) {
            Path local = store.fileOf(target.name(), manifest.file());
            Located source = Files.isRegularFile(local) || remote.isEmpty() ? located(target.name(), local)
                    : onS3(target.name(), manifest.file());
            Restored dump = restore(source, options, request.noVerify());
            String into = request.destination() != null ? request.destination() : manifest.part();
            LogPosition from = manifest.logPosition();
            try {
                TransactionLog.Replayed replayed = log.replay(target, manifest.part(), dir, from, until, into);
                restored.add(dump.withReplayed("replayed the " + log.name() + logSource + " from " + from.file() + ":" + from.offset()
                        + (until == null ? " to its end" : " up to " + until) + " (" + String.join(", ", replayed.files()) + ")"
                        + "; last event applied: " + (replayed.lastEvent() == null ? "none (nothing was logged after the backup)"
                        : replayed.lastEvent())));
            } catch (Exception e) {
                throw new RestoreException("the backup " + manifest.file() + " was restored into " + into + ", but replaying the "
                        + log.name() + " onto it failed, so it is NOT at the point in time asked for: " + e.getMessage(), e);
            }
        }
        return restored;
    }

    private List<Manifest> storedManifests(String target) throws RestoreException {
        try {
            return List.copyOf(store.contents(target).manifests().values());
        } catch (java.io.IOException e) {
            throw new RestoreException("cannot read the backups of " + target + ": " + e.getMessage(), e);
        }
    }

    private boolean restoredByDefault(Located file) {
        return targets.find(file.target()).flatMap(t -> engines.find(t.engine()))
                .map(engine -> engine.restoredByDefault(file.part())).orElse(true);
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

    private List<Located> locate(String backup, @Nullable String targetName, Path base) throws RestoreException {
        if (backup.matches("[0-9]+")) {
            BackupRun run = catalog.find(Long.parseLong(backup))
                    .orElseThrow(() -> new RestoreException("no run with id " + backup + "; see 'backstop list'"));
            if (run.status() != RunStatus.SUCCEEDED || run.file() == null) {
                throw new RestoreException("run " + backup + " did not produce a backup (" + run.status() + ")");
            }
            List<Located> files = new ArrayList<>();
            for (String name : run.file().split(BackupOutcome.FILE_SEPARATOR)) {
                Path file = recordedFile(run, name);
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
        Path file = base.resolve(backup);
        if (!Files.isRegularFile(file)) {
            if (remote.isPresent() && !backup.contains("/")) {
                String target = targetName != null ? targetName : backup.contains("_backup_")
                        ? backup.substring(0, backup.indexOf("_backup_")) : backup;
                if (!TargetName.isValid(target)) {
                    throw new RestoreException("'" + backup + "' is not the name of a backup; see 'backstop list'");
                }
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

    /** The file a catalog row names; the row is untrusted input, so a name outside the grammar is refused. */
    private Path recordedFile(BackupRun run, String name) throws RestoreException {
        try {
            return store.fileOf(run.target(), name);
        } catch (IllegalArgumentException e) {
            throw new RestoreException("the catalog's record of run " + run.id() + " is not valid (" + e.getMessage()
                    + "); refusing to read it");
        }
    }

    /**
     * Checks the file's SHA-256 against its manifest and against the catalog's record of it, whichever exist; both
     * must agree. With neither, the file is restored only when the operator said {@code --no-verify}.
     */
    private String verify(Located located, boolean noVerify) throws RestoreException {
        String fromManifest = located.manifest() == null ? null : located.manifest().sha256();
        String fromCatalog = catalogSha256(located);
        if (fromManifest == null && fromCatalog == null) {
            if (noVerify) {
                return "NOT verified: no manifest and no catalog record, restored because of --no-verify";
            }
            throw new RestoreException(located.source() + " has no manifest and the catalog has no record of it, so it"
                    + " cannot be verified; restore it anyway with --no-verify if you trust the file");
        }
        String actual = sha256(located);
        for (String expected : new String[] {fromManifest, fromCatalog}) {
            if (expected != null && !expected.equals(actual)) {
                throw new RestoreException(located.source() + " does not match its " + (expected == fromManifest ? "manifest" : "catalog record")
                        + " (SHA-256 " + actual + ", expected " + expected + "); the file is damaged or was replaced, restore another backup");
            }
        }
        return fromManifest != null && fromCatalog != null ? "SHA-256 matched its manifest and the catalog"
                : fromManifest != null ? "SHA-256 matched its manifest" : "SHA-256 matched the catalog (no manifest)";
    }

    private String catalogSha256(Located located) {
        try {
            return catalog.sha256Of(located.target(), located.fileName()).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String sha256(Located located) throws RestoreException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(located.file()), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (Exception e) {
            throw new RestoreException("cannot read " + located.source() + ": " + e.getMessage(), e);
        }
    }
}
