package io.backstop.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which backups to delete: those older than {@code retentionDays}, except the newest {@code keepMin} of each
 * part (each database of a MySQL target), and nothing at all unless the run that asks succeeded. The files of one
 * run (those with the same start and sequence) go together or not at all, so a run on the volume stays whole. Ages come from the timestamps in the file names, which
 * survive copies and restores of the volume, unlike modification times. A pure decision, no I/O.
 */
public record RetentionPolicy(int retentionDays, int keepMin) {

    /** A backup copy as retention sees it, wherever it is stored. */
    public interface Candidate {
        String part();

        Instant startedAt();

        /** Orders backups started within the same second: the higher, the newer. */
        int sequence();
    }

    public RetentionPolicy {
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retentionDays must be >= 0");
        }
        if (keepMin < 1) {
            throw new IllegalArgumentException("keepMin must be >= 1: the newest good backup is never deleted");
        }
    }

    /**
     * @param backups      one target's finished backups, in any order
     * @param runSucceeded whether the run that just ended produced a new backup
     */
    public <T extends Candidate> List<T> expired(List<T> backups, Instant now, boolean runSucceeded) {
        if (!runSucceeded) {
            return List.of();
        }
        Instant cutoff = now.minus(Duration.ofDays(retentionDays));
        List<T> expired = backups.stream()
                .collect(Collectors.groupingBy(Candidate::part, TreeMap::new, Collectors.toList()))
                .values().stream()
                .flatMap(part -> part.stream()
                        .sorted(Comparator.comparing(Candidate::startedAt).thenComparingInt(Candidate::sequence).reversed())
                        .skip(keepMin)
                        .filter(backup -> backup.startedAt().isBefore(cutoff)))
                .toList();
        Set<String> kept = backups.stream().filter(b -> !expired.contains(b)).map(RetentionPolicy::run).collect(Collectors.toSet());
        return expired.stream().filter(b -> !kept.contains(run(b))).toList();
    }

    /** Whether a backup is older than the retention days, whatever keep-min says. */
    public boolean pastRetention(Candidate backup, Instant now) {
        return backup.startedAt().isBefore(now.minus(Duration.ofDays(retentionDays)));
    }

    private static String run(Candidate backup) {
        return backup.startedAt() + "#" + backup.sequence();
    }
}
