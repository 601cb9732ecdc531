package io.backstop.pitr;

import io.backstop.config.BackstopConfig;
import io.backstop.config.Target;
import io.backstop.crypt.Age;
import io.backstop.engine.TransactionLog;
import io.backstop.pipeline.Compressors;
import io.backstop.pipeline.MeasuringOutputStream;
import io.backstop.storage.LogSegment;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ships one target's captured log: every whole event not shipped yet goes into a piece in {@code <log>/shipped/},
 * compressed with the target's codec (and encrypted to its recipients), written atomically with a manifest
 * ({@link LogSegment}); a closed file at once, the open one when the ship interval is due. With S3 configured each piece
 * and its manifest are uploaded to {@code <prefix><target>/<log>/}; a piece whose upload failed is tried again at the
 * next interval (the marker {@code <piece>.uploaded} records success).
 */
final class LogShipper {
    private static final Logger LOG = LoggerFactory.getLogger(LogShipper.class);
    static final String SHIPPED = "shipped";
    private static final String MANIFEST = ".manifest.json";
    private static final String UPLOADED = ".uploaded";
    private static final Pattern PIECE = Pattern.compile("(.+)\\.([0-9]{13})-([0-9]{13})\\.[a-z.]+");

    private final Target target;
    private final TransactionLog log;
    private final Path dir;
    private final Path shipped;
    private final BackstopConfig config;
    private final Age age;
    private final Optional<S3BackupStore> s3;
    private final JsonMapper json;
    private final Clock clock;
    private volatile Instant shippedTo;
    private volatile Instant uploadedTo;
    private volatile Instant oldestPending;
    private volatile String uploadError;
    /** The pieces on the volume, read from their manifests once, then kept up to date here. */
    private List<LogSegment> known;
    private final java.util.Set<String> uploaded = new java.util.HashSet<>();

    LogShipper(Target target, TransactionLog log, Path dir, BackstopConfig config, Age age, Optional<S3BackupStore> s3,
               JsonMapper json, Clock clock) {
        this.target = target;
        this.log = log;
        this.dir = dir;
        this.shipped = dir.resolve(SHIPPED);
        this.config = config;
        this.age = age;
        this.s3 = s3;
        this.json = json;
        this.clock = clock;
    }

    /** The newest event in a shipped piece on the volume; null before the first. */
    Instant shippedTo() {
        return shippedTo;
    }

    /** The newest event in a piece uploaded to S3; null before the first or without S3. */
    Instant uploadedTo() {
        return uploadedTo;
    }

    /** Since when the oldest piece not yet on S3 has waited, and why; null when none waits. */
    Instant oldestPending() {
        return oldestPending;
    }

    String uploadError() {
        return uploadError;
    }

    /** @param intervalDue whether the open file's new events are shipped too, not only closed files' */
    void ship(boolean intervalDue) throws IOException {
        Files.createDirectories(shipped);
        List<LogSegment> pieces = known();
        for (TransactionLog.LogFile file : log.files(dir)) {
            long shippedUpTo = pieces.stream().filter(p -> p.file().equals(file.name())).mapToLong(LogSegment::to).max().orElse(0);
            if (file.wholeEnd() > shippedUpTo && (file.closed() || intervalDue)) {
                pieces.add(write(file, shippedUpTo));
            }
        }
        pieces.stream().map(LogSegment::lastEvent).filter(java.util.Objects::nonNull).max(Instant::compareTo)
                .ifPresent(t -> shippedTo = t);
        if (s3.isPresent()) {
            upload(pieces);
        }
    }

    private LogSegment write(TransactionLog.LogFile file, long from) throws IOException {
        String codec = target.compression().codec + (target.encrypted() ? "." + Age.SUFFIX : "");
        String name = String.format("%s.%013d-%013d.%s", file.name(), from, file.wholeEnd(), codec);
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
        return piece;
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

    private void upload(List<LogSegment> pieces) {
        Instant pending = null;
        for (LogSegment piece : pieces) {
            String name = pieceName(piece);
            Path file = shipped.resolve(name);
            if (uploaded.contains(name)) {
                continue;
            }
            if (Files.exists(shipped.resolve(name + UPLOADED))) {
                uploaded.add(name);
                advanceUploaded(piece);
                continue;
            }
            try {
                s3.get().uploadLogPiece(target.name() + "/" + log.name(), file, json.writeValueAsBytes(piece));
                Files.createFile(shipped.resolve(name + UPLOADED));
                uploaded.add(name);
                advanceUploaded(piece);
                uploadError = null;
            } catch (IOException | RuntimeException e) {
                pending = pending == null ? piece.shippedAt() : pending;
                uploadError = "upload of " + name + " failed: " + e.getMessage();
                LOG.warn("{}: {}; tried again in the next ship interval", target.name(), uploadError);
                break;
            }
        }
        oldestPending = pending;
    }

    private void advanceUploaded(LogSegment piece) {
        if (piece.lastEvent() != null && (uploadedTo == null || piece.lastEvent().isAfter(uploadedTo))) {
            uploadedTo = piece.lastEvent();
        }
    }

    static String pieceName(LogSegment piece) {
        return String.format("%s.%013d-%013d.%s", piece.file(), piece.from(), piece.to(), piece.codec());
    }

    private List<LogSegment> known() throws IOException {
        if (known == null) {
            known = pieces();
        }
        return known;
    }

    /** The manifests of the pieces on the volume, in file and offset order. A damaged manifest is skipped with a warning. */
    private List<LogSegment> pieces() throws IOException {
        List<LogSegment> pieces = new ArrayList<>();
        if (!Files.isDirectory(shipped)) {
            return pieces;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(shipped, "*" + MANIFEST)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!PIECE.matcher(name.substring(0, name.length() - MANIFEST.length())).matches()) {
                    continue;
                }
                try {
                    pieces.add(json.readValue(Files.readAllBytes(entry), LogSegment.class));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("{}: {} is not a readable manifest, ignored: {}", target.name(), entry, e.getMessage());
                }
            }
        }
        pieces.sort(java.util.Comparator.comparing(LogSegment::file).thenComparingLong(LogSegment::from));
        return pieces;
    }

    /** Removes the pieces of files the capture has pruned (their S3 copies stay until the bucket's own lifecycle). */
    void forget(List<String> prunedFiles) throws IOException {
        for (LogSegment piece : List.copyOf(known())) {
            if (prunedFiles.contains(piece.file())) {
                String name = pieceName(piece);
                Files.deleteIfExists(shipped.resolve(name));
                Files.deleteIfExists(shipped.resolve(name + MANIFEST));
                Files.deleteIfExists(shipped.resolve(name + UPLOADED));
                known.remove(piece);
                uploaded.remove(name);
            }
        }
    }
}
