package io.backstop.restore;

import io.backstop.config.Target;
import io.backstop.crypt.StoredDumps;
import io.backstop.engine.TransactionLog;
import io.backstop.pipeline.MeasuringOutputStream;
import io.backstop.storage.LogSegment;
import io.backstop.storage.Manifest;
import io.backstop.storage.RemoteBackup;
import io.backstop.storage.s3.S3BackupStore;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a point-in-time restore needs from S3 when the volume's copy is gone: the manifests of the target's full backups
 * there, and its captured log put together again from the shipped pieces (each checked against its manifest's SHA-256,
 * decrypted and decompressed, appended at its offset).
 */
@Singleton
class ShippedLog {
    private static final Logger LOG = LoggerFactory.getLogger(ShippedLog.class);
    /** A log file's name as it may appear in a directory: no path, no leading dot. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final StoredDumps dumps;
    private final JsonMapper json;

    ShippedLog(StoredDumps dumps, JsonMapper json) {
        this.dumps = dumps;
        this.json = json;
    }

    /** The manifests of the target's backups on S3; a backup without one is left out. */
    List<Manifest> manifests(S3BackupStore s3, String target) throws IOException {
        List<Manifest> manifests = new ArrayList<>();
        for (RemoteBackup backup : s3.list(target)) {
            s3.manifest(target, backup.fileName()).filter(m -> m.target().equals(target) && m.file().equals(backup.fileName()))
                    .ifPresent(manifests::add);
        }
        return manifests;
    }

    /**
     * Writes the log files the pieces on S3 make up into {@code into}. A piece that does not start where its file has got
     * to leaves that file cut short there (the chain check then names it); a damaged piece stops the restore.
     *
     * @return how many pieces were fetched
     */
    int fetch(S3BackupStore s3, Target target, TransactionLog log, Path into) throws IOException, RestoreException {
        String folder = target.name() + "/" + log.name();
        List<LogSegment> pieces = new ArrayList<>();
        for (S3BackupStore.StoredObject object : s3.listFolder(folder)) {
            Optional<byte[]> manifest = s3.manifestBytes(folder, object.name());
            if (manifest.isEmpty()) {
                LOG.warn("{}: {} on S3 has no manifest, left out", target.name(), object.name());
                continue;
            }
            LogSegment piece = json.readValue(manifest.get(), LogSegment.class);
            if (!piece.target().equals(target.name()) || !PLAIN_NAME.matcher(piece.file()).matches()
                    || !piece.pieceName().equals(object.name())) {
                LOG.warn("{}: the manifest of {} on S3 describes another piece, left out", target.name(), object.name());
                continue;
            }
            pieces.add(piece);
        }
        pieces.sort(Comparator.comparing(LogSegment::file).thenComparingLong(LogSegment::from));
        pieces = newestNumbering(pieces);
        Files.createDirectories(into);
        Path download = into.resolve(".piece");
        int fetched = 0;
        for (LogSegment piece : pieces) {
            Path file = into.resolve(piece.file());
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (piece.from() != size) {
                continue;
            }
            String sha256;
            try (MeasuringOutputStream out = new MeasuringOutputStream(Files.newOutputStream(download))) {
                s3.download(folder, piece.pieceName(), out);
                sha256 = out.sha256Hex();
            }
            if (!sha256.equals(piece.sha256())) {
                throw new RestoreException("the " + log.name() + " piece " + piece.pieceName() + " on S3 does not match its manifest"
                        + " (SHA-256 " + sha256 + ", expected " + piece.sha256() + "); it is damaged, nothing was restored");
            }
            try (InputStream in = dumps.open(Files.newInputStream(download), piece.pieceName());
                 OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                in.transferTo(out);
            }
            if (Files.size(file) != piece.to()) {
                throw new RestoreException("the " + log.name() + " piece " + piece.pieceName() + " on S3 holds " + (Files.size(file)
                        - piece.from()) + " bytes, its manifest says " + (piece.to() - piece.from()) + "; nothing was restored");
            }
            fetched++;
        }
        Files.deleteIfExists(download);
        return fetched;
    }

    /**
     * After a reset of the log's numbering, new files bear old names: of each file's pieces only those shipped since its
     * newest first piece (offset 0) belong together.
     */
    private static List<LogSegment> newestNumbering(List<LogSegment> pieces) {
        Map<String, Instant> begun = new HashMap<>();
        for (LogSegment piece : pieces) {
            if (piece.from() == 0) {
                begun.merge(piece.file(), piece.shippedAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return pieces.stream().filter(p -> begun.containsKey(p.file()) && !p.shippedAt().isBefore(begun.get(p.file()))).toList();
    }
}
