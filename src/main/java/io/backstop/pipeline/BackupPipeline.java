package io.backstop.pipeline;

import io.backstop.catalog.Catalog;
import io.backstop.config.BackstopConfig;
import io.backstop.config.Target;
import io.backstop.crypt.Age;
import io.backstop.engine.BackupEngine;
import io.backstop.engine.Dumped;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.Manifest;
import io.backstop.storage.PendingBackup;
import io.backstop.verify.ReadAlong;
import io.backstop.verify.Verifier;
import jakarta.inject.Singleton;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One backup from dump to finished file: engine -> gzip or zstd (on all cores) -> [age] -> count + SHA-256 ->
 * {@code .partial}, fsync, atomic rename, manifest; beside it, the quick verification reads the file back from the
 * volume as it grows. Everything streams through fixed-size buffers, so memory does not grow with the
 * database. On any failure the partial file is removed and the cause is rethrown; earlier backups stay.
 */
@Singleton
public class BackupPipeline {
    private static final int FILE_BUFFER = 1024 * 1024;

    private final LocalBackupStore store;
    private final Catalog catalog;
    private final BackstopConfig config;
    private final Clock clock;
    private final Age age;
    private final Verifier verifier;

    public BackupPipeline(LocalBackupStore store, Catalog catalog, BackstopConfig config, Clock clock, Age age,
                          Verifier verifier) {
        this.age = age;
        this.verifier = verifier;
        this.store = store;
        this.catalog = catalog;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Writes one file per part of the target. All or nothing: if any part fails, the files this run already
     * finished are removed too, so a failed run never leaves a backup that looks complete.
     *
     * @param startedAt the run's start, shared by the file names, the manifests and the catalog
     * @param runId     the run's id in the catalog, recorded in the manifests; null when the catalog could not be written
     */
    public BackupOutcome run(Target target, BackupEngine engine, Instant startedAt, Long runId) throws Exception {
        List<String> parts = engine.parts(target);
        if (parts.isEmpty()) {
            throw new IllegalStateException("nothing to back up: " + engine.name() + " found no databases for " + target.name());
        }
        RunIdentity run = new RunIdentity(UUID.randomUUID().toString(), runId, List.copyOf(parts));
        List<BackupOutcome.Item> done = new ArrayList<>();
        try {
            for (String part : parts) {
                done.add(writePart(target, engine, part, startedAt, run));
            }
        } catch (Throwable failure) {
            for (BackupOutcome.Item item : done) {
                item.readBack().abandon();
                store.delete(item.backup());
            }
            throw failure;
        }
        return new BackupOutcome(List.copyOf(done));
    }

    /** What every manifest of one run shares, so a rebuilt catalog can tell whether the run wrote all its parts. */
    private record RunIdentity(String key, Long id, List<String> parts) {
    }

    private BackupOutcome.Item writePart(Target target, BackupEngine engine, String part, Instant startedAt,
                                         RunIdentity run) throws Exception {
        // a name an earlier run used stays its own, even after retention deleted that file: the S3 copy and the
        // catalog still refer to it by name
        String codec = target.compression().codec + (target.encrypted() ? "." + Age.SUFFIX : "");
        PendingBackup pending = store.begin(target.name(), part, startedAt, engine.fileExtension(target, part), codec,
                catalog::recordsFile);
        ReadAlong readBack = null;
        try {
            long rawBytes;
            Dumped dumped;
            MeasuringOutputStream file;
            try (FileChannel channel = store.openPartial(pending);
                 MeasuringOutputStream measured = new MeasuringOutputStream(
                         new BufferedOutputStream(Channels.newOutputStream(channel), FILE_BUFFER));
                 OutputStream stored = target.encrypted() ? age.encrypting(measured, target.recipients()) : measured;
                 OutputStream compressing = Compressors.compressing(target.compression(), stored, config)) {
                file = measured;
                readBack = verifier.follow(target, pending.finalFile().getFileName().toString(), pending.partial());
                CountingOutputStream raw = new CountingOutputStream(compressing);
                dumped = engine.dump(target, part, raw, pending.scratch());
                rawBytes = raw.count();
                if (rawBytes == 0) {
                    throw new IllegalStateException(engine.name() + " produced an empty dump"
                            + (part.isEmpty() ? "" : " of " + part));
                }
                Compressors.finish(compressing);
                if (stored != measured) {
                    stored.close(); // age's last chunk
                }
                measured.flush();
                channel.force(true);
            }
            readBack.writerFinished();
            Manifest manifest = new Manifest(Manifest.CURRENT_VERSION, target.name(), engine.name(), part,
                    pending.finalFile().getFileName().toString(), codec, startedAt, clock.instant(),
                    rawBytes, file.count(), file.sha256Hex(), engine.toolVersions(target), Version.current(),
                    run.key(), run.id(), run.parts(), dumped.counts(), null, null, null,
                    target.encrypted() ? new Manifest.Encryption(Age.FORMAT, target.recipients()) : null, dumped.position());
            return new BackupOutcome.Item(store.commit(pending, manifest), manifest, readBack);
        } catch (Throwable failure) {
            if (readBack != null) {
                readBack.abandon();
            }
            store.abandon(pending);
            throw failure;
        }
    }
}
