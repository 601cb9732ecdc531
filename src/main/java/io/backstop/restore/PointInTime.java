package io.backstop.restore;

import io.backstop.engine.TransactionLog;
import io.backstop.storage.Manifest;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The time a point-in-time restore aims at, and the full backup it starts from. */
final class PointInTime {
    static final String LATEST = "latest";

    private PointInTime() {
    }

    /** @return the instant, or null for {@code latest} */
    static @Nullable Instant parse(String at) throws RestoreException {
        if (at.trim().equalsIgnoreCase(LATEST)) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(at.trim());
        } catch (DateTimeParseException e) {
            throw new RestoreException("--at '" + at + "' is neither 'latest' nor a UTC time such as 2026-11-23T10:15:00Z");
        }
        if (instant.getNano() != 0) {
            throw new RestoreException("--at '" + at + "': the binlog records whole seconds, so give a whole second");
        }
        return instant;
    }

    /**
     * The newest run whose every file records a log position at or before {@code until} (any, for latest) from which the
     * captured log runs unbroken to {@code until} (for latest: to its newest event).
     *
     * @throws RestoreException saying why no run qualifies
     */
    static List<Manifest> choose(String target, List<Manifest> manifests, @Nullable Instant until, TransactionLog log, Path dir)
            throws RestoreException {
        Map<String, List<Manifest>> runs = new LinkedHashMap<>();
        for (Manifest m : manifests) {
            if (m.logPosition() != null && m.runKey() != null) {
                runs.computeIfAbsent(m.runKey(), k -> new ArrayList<>()).add(m);
            }
        }
        if (runs.isEmpty()) {
            throw new RestoreException("target '" + target + "' has no full backup on the volume that records a " + log.name()
                    + " position (backups made before capture was on do not); run a backup first");
        }
        List<List<Manifest>> newestFirst = new ArrayList<>(runs.values());
        newestFirst.sort(Comparator.comparing((List<Manifest> run) -> run.get(0).startedAt()).reversed());
        List<String> refused = new ArrayList<>();
        for (List<Manifest> run : newestFirst) {
            Instant consistentAt = run.stream().map(m -> m.logPosition().consistentAt()).max(Instant::compareTo).orElseThrow();
            if (until != null && consistentAt.isAfter(until)) {
                continue;
            }
            Optional<String> broken = chainBreak(run, log, dir, until);
            if (broken.isEmpty()) {
                run.sort(Comparator.comparing(Manifest::part));
                return run;
            }
            refused.add(run.get(0).file() + ": " + broken.get());
        }
        Instant oldest = newestFirst.get(newestFirst.size() - 1).get(0).logPosition().consistentAt();
        throw new RestoreException("no full backup of '" + target + "' can be brought to " + (until == null ? "the newest captured"
                + " event" : until.toString()) + (refused.isEmpty() ? ": the oldest one with a " + log.name() + " position is"
                + " consistent at " + oldest + ", later than that" : ": " + String.join("; ", refused)));
    }

    private static Optional<String> chainBreak(List<Manifest> run, TransactionLog log, Path dir, @Nullable Instant until)
            throws RestoreException {
        try {
            for (Manifest m : run) {
                Optional<String> broken = log.chainBreak(dir, m.logPosition(), until);
                if (broken.isPresent()) {
                    return broken;
                }
            }
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new RestoreException("cannot read the captured " + log.name() + " in " + dir + ": " + e.getMessage(), e);
        }
    }
}
