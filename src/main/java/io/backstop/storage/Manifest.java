package io.backstop.storage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON record written beside every finished backup. It is what the catalog is rebuilt from, so it holds
 * everything a run record needs, including which run the file belongs to and every part that run was to write:
 * a rebuild can then tell a complete run from one that was killed between its parts.
 *
 * @param part     the database within the target, for engines that write one file per database; else empty
 * @param rawBytes size of the dump before compression
 * @param bytes    size of the file on disk
 * @param sha256   of the file on disk, so {@code sha256sum} checks it
 * @param runKey   the same for every file of one run, unique across runs (version 2 on; null in version 1)
 * @param runId    the run's id in the catalog that recorded it, when the catalog could be written
 * @param runParts every part the run was to write, in order (version 2 on; empty in version 1)
 * @param counts   what the dump holds, rows per table or documents per collection, counted from the bytes written
 *                 (version 3 on; empty before): what verification compares
 * @param pinned   set by {@code backstop pin}: retention never deletes the run (optional, like label and note, which
 *                 {@code backstop annotate} sets); kept here so a rebuilt catalog keeps them
 * @param encryption set when the file is encrypted (codec {@code gz.age}); absent for plain files
 * @param logPosition where the dump stands in the server's transaction log, when the target's log is captured
 */
@Serdeable
public record Manifest(int version, String target, String engine, String part, String file, String codec,
                       Instant startedAt, Instant finishedAt, long rawBytes, long bytes, String sha256,
                       Map<String, String> toolVersions, String backstopVersion,
                       @Nullable String runKey, @Nullable Long runId, List<String> runParts, Map<String, Long> counts,
                       @Nullable Boolean pinned, @Nullable String label, @Nullable String note,
                       @Nullable Encryption encryption, @Nullable LogPosition logPosition) {
    public static final int CURRENT_VERSION = 3;

    public Manifest {
        part = part == null ? BackupPart.WHOLE : part;
        toolVersions = toolVersions == null ? Map.of() : toolVersions;
        // serde leaves an empty list out of the JSON; a one-part run of a single-file engine has [""]
        runParts = runParts == null ? List.of() : List.copyOf(runParts);
        counts = counts == null ? Map.of() : Map.copyOf(counts);
    }

    public Manifest withMarks(boolean pin, @Nullable String newLabel, @Nullable String newNote) {
        return new Manifest(version, target, engine, part, file, codec, startedAt, finishedAt, rawBytes, bytes, sha256,
                toolVersions, backstopVersion, runKey, runId, runParts, counts, pin ? Boolean.TRUE : null, newLabel, newNote,
                encryption, logPosition);
    }

    /**
     * How the stored file is encrypted: the format and the public keys it is encrypted to, so an operator knows which
     * private key restores it. The manifest's SHA-256 is of the file as stored, so it is checked without any key.
     */
    @Serdeable
    public record Encryption(String format, List<String> recipients) {
        public Encryption {
            recipients = recipients == null ? List.of() : List.copyOf(recipients);
        }
    }

    /** Whether the manifest says which run it belongs to; version 1 manifests do not. */
    public boolean knowsItsRun() {
        return runKey != null && !runParts.isEmpty();
    }
}
