package io.backstop.engine.mysql;

import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The binlog files captured into one directory, named as the server names them ({@code mysql-bin.000042}). Anything
 * else in the directory is ignored. Summaries of files that have not changed are remembered, so that asking for the
 * newest event does not re-read gigabytes.
 */
final class BinlogDirectory {
    /** A server's binlog name: a base name and a sequence number; nothing that could leave the directory. */
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9_.-]{0,200})\\.([0-9]{6,10})");
    private static final Map<Path, Known> SUMMARIES = new ConcurrentHashMap<>();

    /** A summary, valid while the file has this size and modification time. */
    private record Known(long size, java.nio.file.attribute.FileTime modified, BinlogFile.Summary summary) {
    }

    private final Path dir;

    BinlogDirectory(Path dir) {
        this.dir = dir;
    }

    /** A binlog file name split into its base and sequence number. */
    record Name(String base, long sequence, String text) {
        static Optional<Name> parse(String text) {
            Matcher m = NAME.matcher(text);
            return m.matches() ? Optional.of(new Name(m.group(1), Long.parseLong(m.group(2)), text)) : Optional.empty();
        }

        /** The name the server gives the next file: the same base, the sequence plus one, as many digits. */
        Name next() {
            String digits = text.substring(base.length() + 1);
            String number = String.format("%0" + digits.length() + "d", sequence + 1);
            return new Name(base, sequence + 1, base + "." + number);
        }

        boolean precedes(Name other) {
            return base.equals(other.base) && sequence < other.sequence;
        }
    }

    /** The captured files, in the server's order. */
    List<Name> files() throws IOException {
        List<Name> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    Name.parse(entry.getFileName().toString()).ifPresent(names::add);
                }
            }
        }
        names.sort(Comparator.comparing(Name::base).thenComparingLong(Name::sequence));
        return names;
    }

    Path path(Name name) {
        return dir.resolve(name.text());
    }

    BinlogFile.Summary summary(Name name) throws IOException {
        Path file = path(name);
        long size = Files.size(file);
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(file);
        Known known = SUMMARIES.get(file);
        if (known != null && known.size() == size && known.modified().equals(modified)) {
            return known.summary();
        }
        BinlogFile.Summary fresh = BinlogFile.summarize(file, known == null ? null : known.summary());
        SUMMARIES.put(file, new Known(size, modified, fresh));
        return fresh;
    }

    /** Deletes a captured file; returns whether it was there. */
    boolean delete(Name name) throws IOException {
        SUMMARIES.remove(path(name));
        return Files.deleteIfExists(path(name));
    }

    /**
     * The files that carry a dump at {@code file} forward: {@code file} and every later one, numbered without a hole,
     * each but the last closed by the server; to the newest captured event, or with {@code until} only as far as the first
     * file whose last event is at or after it (a replay stops there).
     *
     * @throws IOException naming the first missing or incomplete file when the chain is broken
     */
    List<Name> chainFrom(String file, @Nullable Instant until) throws IOException {
        Name start = Name.parse(file).orElseThrow(() -> new IOException("'" + file + "' is not a binlog file name"));
        List<Name> chain = new ArrayList<>();
        Name expected = start;
        for (Name name : files()) {
            if (!name.base().equals(start.base()) || name.sequence() < start.sequence()) {
                continue;
            }
            if (name.sequence() != expected.sequence()) {
                throw new IOException("binlog " + expected.text() + " was never captured (the next captured is " + name.text()
                        + "): the changes in it are lost");
            }
            if (!chain.isEmpty() && !summary(chain.get(chain.size() - 1)).closed()) {
                throw new IOException("binlog " + chain.get(chain.size() - 1).text() + " was captured only in part before "
                        + name.text() + " began: the rest of it is lost");
            }
            chain.add(name);
            expected = name.next();
            Instant last = until == null ? null : summary(name).lastTime();
            if (last != null && !last.isBefore(until)) {
                break;
            }
        }
        if (chain.isEmpty()) {
            throw new IOException("binlog " + file + " is not in the captured log (" + dir + ")");
        }
        return chain;
    }
}
