package io.backstop.pitr;

import io.backstop.catalog.LogPiece;
import io.backstop.catalog.LogPieceRepository;
import io.backstop.config.BackstopConfig;
import io.backstop.config.Target;
import io.backstop.crypt.Age;
import io.backstop.engine.TransactionLog;
import io.backstop.pipeline.Compressors;
import io.backstop.pipeline.MeasuringOutputStream;
import io.backstop.storage.LogPosition;
import io.backstop.storage.LogSegment;
import io.backstop.storage.RemoteBackup;
import io.backstop.storage.s3.S3BackupStore;
import io.micronaut.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ships one target's captured log: every whole event not shipped yet goes into a piece in {@code <log>/shipped/},
 * compressed with the target's codec (and encrypted to its recipients), written atomically with a manifest
 * ({@link LogSegment}) and recorded in the catalog ({@link LogPiece}); a closed file at once, the open one when the ship
 * interval is due. With S3 configured each piece and its manifest are uploaded to {@code <prefix><target>/<log>/}; a piece
 * whose upload failed is tried again at the next interval. Pieces leave the volume once the capture pruned their file
 * (and they are on S3), and leave S3 once no full backup on S3 needs them.
 */
final class LogShipper {
    private static final Logger LOG = LoggerFactory.getLogger(LogShipper.class);
    static final String SHIPPED = "shipped";
    private static final String MANIFEST = ".manifest.json";
    /** Before the catalog recorded uploads, an empty file of this suffix beside a piece did. */
    private static final String UPLOADED_MARKER = ".uploaded";
    private static final Pattern PIECE = Pattern.compile("(.+)\\.([0-9]{13})-([0-9]{13})\\.[a-z.]+");

    private final Target target;
    private final TransactionLog log;
    private final Path dir;
    private final Path shipped;
    private final BackstopConfig config;
    private final Age age;
    private final Optional<S3BackupStore> s3;
    private final LogPieceRepository catalog;
    private final JsonMapper json;
    private final Clock clock;
    private volatile Instant shippedTo;
    private volatile Instant uploadedTo;
    private volatile Instant oldestPending;
    private volatile String uploadError;
    private volatile Counts counts = new Counts(0, 0, 0);
    /** The catalog's rows of this log, by piece name, in shipping order; read once, then kept up to date here. */
    private Map<String, LogPiece> rows;
    /** The log positions recorded in the manifests of backups on S3, by file name: each is read from S3 once. */
    private final Map<String, Optional<LogPosition>> remotePositions = new HashMap<>();
    /** The log file the oldest full backup on S3 needed when S3's pieces were last pruned. */
    private String remoteNeeded;

    /** How many pieces are on the volume, on S3, and waiting for their upload. */
    record Counts(int onVolume, int onS3, int pending) {
    }

    LogShipper(Target target, TransactionLog log, Path dir, BackstopConfig config, Age age, Optional<S3BackupStore> s3,
               LogPieceRepository catalog, JsonMapper json, Clock clock) {
        this.target = target;
        this.log = log;
        this.dir = dir;
        this.shipped = dir.resolve(SHIPPED);
        this.config = config;
        this.age = age;
        this.s3 = s3;
        this.catalog = catalog;
        this.json = json;
        this.clock = clock;
    }

    /** The newest event in a shipped piece; null before the first. */
    Instant shippedTo() {
        return shippedTo;
    }

    /** The newest event in a piece uploaded to S3; null before the first or without S3. */
    Instant uploadedTo() {
        return uploadedTo;
    }

    /** Since when the oldest piece not yet on S3 has waited; null when none waits. */
    Instant oldestPending() {
        return oldestPending;
    }

    String uploadError() {
        return uploadError;
    }

    Counts counts() {
        return counts;
    }

    /** @param intervalDue whether the open file's new events are shipped too, not only closed files' */
    void ship(boolean intervalDue) throws IOException {
        Files.createDirectories(shipped);
        load();
        List<TransactionLog.LogFile> files = log.files(dir);
        for (TransactionLog.LogFile file : files) {
            long shippedUpTo = rows.values().stream().filter(p -> p.onVolume() && p.logFile().equals(file.name()))
                    .mapToLong(LogPiece::toOffset).max().orElse(0);
            if (file.wholeEnd() > shippedUpTo && (file.closed() || intervalDue)) {
                write(file, shippedUpTo);
            }
        }
        if (s3.isPresent()) {
            upload();
        }
        if (!files.isEmpty()) {
            pruneLocal(files.get(0).name());
        }
        summarize();
    }

    private void write(TransactionLog.LogFile file, long from) throws IOException {
        String codec = target.compression().codec + (target.encrypted() ? "." + Age.SUFFIX : "");
        String name = LogSegment.pieceName(file.name(), from, file.wholeEnd(), codec);
        Path partial = shipped.resolve("." + name + ".partial");
        MeasuringOutputStream measured;
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             MeasuringOutputStream stored = new MeasuringOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
             OutputStream encrypting = target.encrypted() ? age.encrypting(stored, target.recipients()) : stored;
             OutputStream compressing = Compressors.compressing(target.compression(), encrypting, config);
             InputStream in = Files.newInputStream(file.path())) {
            measured = stored;
            in.skipNBytes(from);
            copy(in, compressing, file.wholeEnd() - from);
            Compressors.finish(compressing);
            if (encrypting != stored) {
                encrypting.close();
            }
            stored.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        TransactionLog.Span span = log.span(file.path(), from, file.wholeEnd());
        LogSegment piece = new LogSegment(target.name(), log.name(), file.name(), from, file.wholeEnd(), file.closed(), codec,
                measured.count(), measured.sha256Hex(), span.firstEvent(), span.lastEvent(), span.firstGtid(), span.lastGtid(),
                clock.instant(), target.recipients());
        Files.move(partial, shipped.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Path manifestPartial = shipped.resolve("." + name + MANIFEST + ".partial");
        Files.write(manifestPartial, json.writeValueAsBytes(piece));
        Files.move(manifestPartial, shipped.resolve(name + MANIFEST), StandardCopyOption.ATOMIC_MOVE);
        record(piece, null);
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the captured file ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** Records a piece on the volume; a row of the same name left from before a reset of the log's numbering gives way. */
    private void record(LogSegment piece, Instant uploadedAt) {
        String name = piece.pieceName();
        LogPiece earlier = rows.remove(name);
        if (earlier != null) {
            catalog.delete(earlier);
        }
        rows.put(name, catalog.save(new LogPiece(null, piece.target(), piece.log(), name, piece.file(), piece.from(), piece.to(),
                piece.closed(), piece.bytes(), piece.sha256(), piece.firstEvent(), piece.lastEvent(), piece.shippedAt(), uploadedAt,
                null, null)));
    }

    private void upload() {
        Instant pending = null;
        String folder = folder();
        for (LogPiece row : List.copyOf(rows.values())) {
            if (!row.onVolume() || row.uploadedAt() != null) {
                continue;
            }
            try {
                byte[] manifest = Files.readAllBytes(shipped.resolve(row.piece() + MANIFEST));
                s3.get().uploadLogPiece(folder, shipped.resolve(row.piece()), manifest);
                rows.put(row.piece(), catalog.update(row.uploaded(clock.instant())));
                uploadError = null;
            } catch (IOException | RuntimeException e) {
                pending = row.shippedAt();
                uploadError = "upload of " + row.piece() + " failed: " + e.getMessage();
                LOG.warn("{}: {}; tried again in the next ship interval", target.name(), uploadError);
                break;
            }
        }
        oldestPending = pending;
    }

    /**
     * Deletes from the volume the pieces of files the capture has pruned (they precede its oldest captured file); with S3,
     * only once they are uploaded, as they may be the only copy.
     */
    private void pruneLocal(String oldestCaptured) throws IOException {
        for (LogPiece row : List.copyOf(rows.values())) {
            if (row.onVolume() && log.precedes(row.logFile(), oldestCaptured) && (s3.isEmpty() || row.uploadedAt() != null)) {
                Files.deleteIfExists(shipped.resolve(row.piece()));
                Files.deleteIfExists(shipped.resolve(row.piece() + MANIFEST));
                gone(row, row.pruned(clock.instant()));
            }
        }
    }

    /** The row after the piece left one of its places: kept while S3 or the volume still holds it, else deleted. */
    private void gone(LogPiece before, LogPiece after) {
        if (after.onVolume() || after.onS3()) {
            rows.put(after.piece(), catalog.update(after));
        } else {
            catalog.delete(before);
            rows.remove(before.piece());
        }
    }

    /**
     * The log's file numbering started again: the pieces on the volume move to {@code shipped/before-reset-<epoch>/}
     * with the captured files, so the new files' pieces (which bear the same names) neither mix with them nor wait for them.
     */
    void setAside() throws IOException {
        load();
        Path aside = Files.createDirectories(shipped.resolve("before-reset-" + clock.instant().getEpochSecond()));
        for (LogPiece row : List.copyOf(rows.values())) {
            if (row.onVolume()) {
                for (String name : new String[] {row.piece(), row.piece() + MANIFEST}) {
                    if (Files.exists(shipped.resolve(name))) {
                        Files.move(shipped.resolve(name), aside.resolve(name));
                    }
                }
                gone(row, row.pruned(clock.instant()));
            }
        }
        summarize();
    }

    /**
     * Deletes from S3 the pieces no full backup on S3 needs: those of files before the position of the oldest backup there
     * with one, whose events all precede that backup. Lists S3's pieces only when that backup changed.
     */
    void pruneRemote() {
        if (s3.isEmpty()) {
            return;
        }
        try {
            Optional<LogPosition> needed = oldestPositionOnS3();
            if (needed.isEmpty() || needed.get().file().equals(remoteNeeded)) {
                return;
            }
            load();
            String folder = folder();
            int deleted = 0;
            for (S3BackupStore.StoredObject object : s3.get().listFolder(folder)) {
                Matcher m = PIECE.matcher(object.name());
                if (!m.matches() || !log.precedes(m.group(1), needed.get().file())) {
                    continue;
                }
                LogPiece row = rows.get(object.name());
                Instant newest = row == null ? object.lastModified() : row.lastEvent() != null ? row.lastEvent() : row.shippedAt();
                if (newest.isAfter(needed.get().consistentAt())) {
                    continue; // a piece of newer numbering (the log was reset): some backup may need it
                }
                s3.get().deleteFromFolder(folder, object.name());
                deleted++;
                if (row != null) {
                    gone(row, row.remoteDeleted(clock.instant()));
                }
            }
            remoteNeeded = needed.get().file();
            if (deleted > 0) {
                LOG.info("{}: deleted {} {} piece(s) from S3 that come before {}, which the oldest full backup on S3 starts from",
                        target.name(), deleted, log.name(), needed.get().file());
            }
            summarize();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: pruning the {} pieces on S3 failed, nothing more deleted: {}", target.name(), log.name(), e.getMessage());
        }
    }

    /** The log position of the oldest full backup on S3 that records one (of its files, the earliest). */
    private Optional<LogPosition> oldestPositionOnS3() throws IOException {
        LogPosition oldest = null;
        Instant run = null;
        List<RemoteBackup> backups = s3.get().list(target.name());
        remotePositions.keySet().retainAll(backups.stream().map(RemoteBackup::fileName).toList());
        for (RemoteBackup backup : backups) {
            if (run != null && !backup.startedAt().equals(run)) {
                break;
            }
            Optional<LogPosition> position = remotePositions.get(backup.fileName());
            if (position == null) {
                position = s3.get().manifest(target.name(), backup.fileName()).map(io.backstop.storage.Manifest::logPosition);
                remotePositions.put(backup.fileName(), position);
            }
            if (position.isPresent()) {
                run = backup.startedAt();
                if (oldest == null || log.precedes(position.get().file(), oldest.file())) {
                    oldest = position.get();
                }
            }
        }
        return Optional.ofNullable(oldest);
    }

    private String folder() {
        return target.name() + "/" + log.name();
    }

    private void summarize() {
        shippedTo = rows.values().stream().map(LogPiece::lastEvent).filter(Objects::nonNull).max(Instant::compareTo).orElse(shippedTo);
        uploadedTo = rows.values().stream().filter(p -> p.uploadedAt() != null).map(LogPiece::lastEvent).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(uploadedTo);
        int onVolume = (int) rows.values().stream().filter(LogPiece::onVolume).count();
        int onS3 = (int) rows.values().stream().filter(LogPiece::onS3).count();
        int pending = s3.isEmpty() ? 0 : (int) rows.values().stream().filter(p -> p.onVolume() && p.uploadedAt() == null).count();
        counts = new Counts(onVolume, onS3, pending);
    }

    /**
     * Reads the catalog's rows once, and records the pieces the volume holds that it lacks (a catalog rebuilt, or pieces
     * shipped before the catalog recorded them); a row whose piece left the volume behind Backstop's back is updated.
     */
    private void load() throws IOException {
        if (rows != null) {
            return;
        }
        rows = new LinkedHashMap<>();
        for (LogPiece row : catalog.findByTargetAndLogOrderById(target.name(), log.name())) {
            rows.put(row.piece(), row);
        }
        if (Files.isDirectory(shipped)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(shipped, "*" + MANIFEST)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    String piece = name.substring(0, name.length() - MANIFEST.length());
                    LogPiece row = rows.get(piece);
                    if (!PIECE.matcher(piece).matches() || !Files.isRegularFile(shipped.resolve(piece)) || (row != null && row.onVolume())) {
                        continue;
                    }
                    try {
                        LogSegment segment = json.readValue(Files.readAllBytes(entry), LogSegment.class);
                        if (!segment.pieceName().equals(piece) || !segment.target().equals(target.name()) || !segment.log().equals(log.name())) {
                            throw new IOException("it describes " + segment.target() + "/" + segment.log() + "/" + segment.pieceName());
                        }
                        Path marker = shipped.resolve(piece + UPLOADED_MARKER);
                        record(segment, Files.exists(marker) ? clock.instant() : null);
                        Files.deleteIfExists(marker);
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("{}: {} is not a readable manifest, ignored: {}", target.name(), entry, e.getMessage());
                    }
                }
            }
        }
        for (LogPiece row : List.copyOf(rows.values())) {
            if (row.onVolume() && !Files.isRegularFile(shipped.resolve(row.piece()))) {
                gone(row, row.pruned(clock.instant()));
            }
        }
        summarize();
    }
}
