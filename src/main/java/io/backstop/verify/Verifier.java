package io.backstop.verify;

import io.backstop.catalog.Catalog;
import io.backstop.catalog.Verification;
import io.backstop.config.Target;
import io.backstop.crypt.StoredDumps;
import io.backstop.engine.BackupEngine;
import io.backstop.engine.EngineRegistry;
import io.backstop.schedule.FailureCause;
import io.backstop.storage.BackupFileName;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.Manifest;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One check of one backup file: read back from the volume (not from memory), decrypted when it is encrypted and the
 * identity file is given (else, quick, only its SHA-256 is checked), decompressed end to end (every gzip
 * member's CRC), its SHA-256 against the manifest (or the catalog), then, quick, the engine's own structure check on
 * the decompressed stream, or, full, a real restore into a scratch place; what it holds is compared with the counts
 * recorded at backup time. Recorded in the catalog and logged in one line. The caller holds the target's lock.
 */
@Singleton
public class Verifier {

    private final LocalBackupStore store;
    private final EngineRegistry engines;
    private final Catalog catalog;
    private final VerificationRecord record;
    private final Clock clock;
    private final StoredDumps dumps;

    public Verifier(LocalBackupStore store, EngineRegistry engines, Catalog catalog, VerificationRecord record, Clock clock,
                    StoredDumps dumps) {
        this.dumps = dumps;
        this.record = record;
        this.store = store;
        this.engines = engines;
        this.catalog = catalog;
        this.clock = clock;
    }

    public Verification verify(Target target, String fileName, @Nullable Long runId, Level level) {
        Instant started = clock.instant();
        StoredFileReading reading = null;
        String error = null;
        try {
            Path file = store.fileOf(target.name(), fileName);
            Manifest manifest = store.manifestFor(file).orElse(null);
            String expectedSha = manifest != null ? manifest.sha256() : catalog.sha256Of(target.name(), fileName)
                    .orElseThrow(() -> new IOException("it has no manifest and the catalog has no record of it: nothing to check it against"));
            try (InputStream stored = Files.newInputStream(file)) {
                reading = read(target, fileName, stored, level);
            }
            judge(reading, expectedSha, manifest);
        } catch (Exception e) {
            error = FailureCause.describe(e);
        }
        return keep(target, fileName, runId, level, started, reading, error);
    }

    /**
     * Starts the quick verification of a file while it is still being written to {@code growing}, read from the
     * volume as it grows; the writer reports through the returned handle, and {@link #verdict} gives the result.
     *
     * @param fileName the name the file will have when it is finished, which says how to read it
     */
    public ReadAlong follow(Target target, String fileName, Path growing) throws IOException {
        GrowingFileStream stream = new GrowingFileStream(growing);
        return new ReadAlong(stream, () -> read(target, fileName, stream, Level.QUICK), "read-back-" + target.name(),
                clock.instant());
    }

    /** The quick verification of a file read while it was written, judged against its manifest and recorded. */
    public Verification verdict(Target target, ReadAlong readAlong, Manifest manifest, @Nullable Long runId) {
        StoredFileReading reading = null;
        String error = null;
        try {
            reading = readAlong.await();
            judge(reading, manifest.sha256(), manifest);
        } catch (Exception e) {
            error = FailureCause.describe(e);
        }
        return keep(target, manifest.file(), runId, Level.QUICK, readAlong.started(), reading, error);
    }

    /** Reads one stored file to its end, decrypting and decompressing it when it can, the engine checking what it holds. */
    private StoredFileReading read(Target target, String fileName, InputStream stored, Level level) throws Exception {
        String part = BackupFileName.parse(target.name(), fileName).orElseThrow().part();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        Map<String, Long> found = Map.of();
        boolean contentRead = dumps.readable(fileName);
        Path scratch = store.newScratch(target.name());
        try {
            if (!contentRead) {
                if (level == Level.FULL) {
                    throw new IOException("it is encrypted; a full verification restores it, which needs the private key:"
                            + " set BACKUP_DECRYPT_IDENTITY_FILE where verifications run");
                }
                // without the private key: the stored file's checksum, which is what the manifest records
                try (InputStream raw = new DigestInputStream(stored, sha256)) {
                    raw.transferTo(OutputStream.nullOutputStream());
                }
            } else {
                try (InputStream raw = new DigestInputStream(stored, sha256);
                     InputStream dump = dumps.open(raw, fileName)) {
                    BackupEngine engine = engines.require(target.engine());
                    found = level == Level.FULL ? engine.restoreToScratch(target, part, dump, scratch)
                            : engine.inspect(target, part, dump, scratch);
                    dump.transferTo(OutputStream.nullOutputStream()); // to the end: every member's CRC, the whole file's SHA
                } catch (java.util.zip.ZipException | java.io.EOFException e) {
                    throw new IOException("the file is damaged, it does not decompress: " + e.getMessage(), e);
                }
            }
        } finally {
            store.discardScratch(scratch);
        }
        return new StoredFileReading(HexFormat.of().formatHex(sha256.digest()), found, contentRead);
    }

    private static void judge(StoredFileReading reading, String expectedSha, @Nullable Manifest manifest)
            throws IOException {
        if (!reading.sha256().equals(expectedSha)) {
            throw new IOException("SHA-256 " + reading.sha256() + " differs from the recorded " + expectedSha
                    + ": the file changed after it was written");
        }
        if (reading.contentRead() && manifest != null && !manifest.counts().isEmpty()
                && !nonZero(manifest.counts()).equals(nonZero(reading.counts()))) {
            throw new IOException("what it holds differs from what was recorded at backup time: "
                    + differences(manifest.counts(), reading.counts()));
        }
    }

    private Verification keep(Target target, String fileName, @Nullable Long runId, Level level, Instant started,
                              @Nullable StoredFileReading reading, @Nullable String error) {
        return record.keep(new Verification(null, runId, target.name(), fileName, level.label(), error == null, started,
                clock.instant(), format(reading == null ? Map.of() : reading.counts()), error));
    }

    /** Empty tables are left out of the comparison: a dump lists only tables it has rows for. */
    private static Map<String, Long> nonZero(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() != 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** "orders: recorded 52, found 51; returns: recorded 3, found nothing". */
    static String differences(Map<String, Long> recorded, Map<String, Long> found) {
        TreeSet<String> names = new TreeSet<>(nonZero(recorded).keySet());
        names.addAll(nonZero(found).keySet());
        return names.stream().filter(n -> !java.util.Objects.equals(recorded.getOrDefault(n, 0L), found.getOrDefault(n, 0L)))
                .map(n -> n + ": recorded " + (recorded.containsKey(n) ? recorded.get(n) : "nothing")
                        + ", found " + (found.containsKey(n) ? found.get(n) : "nothing"))
                .collect(Collectors.joining("; "));
    }

    private static String format(Map<String, Long> counts) {
        return new TreeMap<>(counts).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
