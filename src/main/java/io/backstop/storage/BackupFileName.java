package io.backstop.storage;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one naming scheme for finished backups: {@code <target>_backup_<YYYYMMDD_HHMMSS>[-N][.<part>].<ext>.<codec>},
 * where the codec is {@code gz}, or {@code gz.age} when the file is encrypted,
 * UTC. The part names what an engine backs up separately within one target (a MySQL database); it is absent
 * for engines with a single part. Parsing is strict so that retention only ever touches files Backstop made.
 */
public final class BackupFileName {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final Pattern SUFFIX =
            Pattern.compile("(?:-([1-9][0-9]{0,3}))?((?:\\.(" + BackupPart.LABEL + "))?\\.[a-z0-9]+\\.(?:gz|zst)(?:\\.age)?)");

    private BackupFileName() {
    }

    /** @param sequence 0 for the plain name, N for the N-th extra backup started within the same second */
    public static String format(String target, Instant startedAt, int sequence, String part, String extension, String codec) {
        String stamp = STAMP.format(startedAt.atOffset(ZoneOffset.UTC));
        return target + "_backup_" + stamp + (sequence == 0 ? "" : "-" + sequence) + (part.isEmpty() ? "" : "." + part)
                + "." + extension + "." + codec;
    }

    /**
     * What a finished backup's name says, or empty when the file is not one of the target's backups.
     *
     * @param sequence 0, or N for the N-th extra backup started within the same second
     * @param tail     {@code [.<part>].<ext>.<codec>}, the name without target, time and sequence
     */
    public record Parsed(Instant startedAt, int sequence, String part, String tail) {
        /** The stable name of the newest copy of this part: {@code latest[.<part>].<ext>.<codec>}. */
        public String latestName() {
            return "latest" + tail;
        }
    }

    public static Optional<Parsed> parse(String target, String fileName) {
        String prefix = target + "_backup_";
        if (!fileName.startsWith(prefix) || fileName.length() < prefix.length() + 15) {
            return Optional.empty();
        }
        String stamp = fileName.substring(prefix.length(), prefix.length() + 15);
        Matcher suffix = SUFFIX.matcher(fileName.substring(prefix.length() + 15));
        if (!suffix.matches()) {
            return Optional.empty();
        }
        int sequence = suffix.group(1) == null ? 0 : Integer.parseInt(suffix.group(1));
        String part = suffix.group(3) == null ? "" : suffix.group(3);
        try {
            return Optional.of(new Parsed(LocalDateTime.parse(stamp, STAMP).toInstant(ZoneOffset.UTC), sequence, part,
                    suffix.group(2)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
