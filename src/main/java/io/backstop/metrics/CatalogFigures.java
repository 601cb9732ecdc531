package io.backstop.metrics;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.catalog.Upload;
import io.backstop.catalog.UploadRepository;
import io.backstop.catalog.UploadStatus;
import io.backstop.catalog.Verification;
import io.backstop.verify.Level;
import io.backstop.verify.RemoteVerifier;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads each target's figures from the catalog, at most once per {@link #MAX_AGE} (a scrape reads a dozen gauges per
 * target; one catalog read serves them all). An unreadable catalog gives the last figures read, logged once.
 */
@Singleton
class CatalogFigures {
    static final Duration MAX_AGE = Duration.ofSeconds(5);
    static final List<String> VERIFICATION_LEVELS = List.of(Level.QUICK.label(), Level.FULL.label(), RemoteVerifier.LEVEL);
    private static final Logger LOG = LoggerFactory.getLogger(CatalogFigures.class);

    private final Catalog catalog;
    private final UploadRepository uploads;
    private final Clock clock;
    private final Map<String, Read> cache = new ConcurrentHashMap<>();

    private record Read(TargetFigures figures, Instant at) {
    }

    CatalogFigures(Catalog catalog, UploadRepository uploads, Clock clock) {
        this.catalog = catalog;
        this.uploads = uploads;
        this.clock = clock;
    }

    TargetFigures of(String target) {
        Instant now = clock.instant();
        Read read = cache.get(target);
        if (read != null && Duration.between(read.at(), now).compareTo(MAX_AGE) < 0) {
            return read.figures();
        }
        try {
            TargetFigures figures = readFromCatalog(target);
            cache.put(target, new Read(figures, now));
            return figures;
        } catch (RuntimeException e) {
            if (read == null || Duration.between(read.at(), now).compareTo(Duration.ofMinutes(1)) > 0) {
                LOG.warn("metrics: cannot read the catalog for target {}: {}", target, e.toString());
                cache.put(target, new Read(read == null ? TargetFigures.none() : read.figures(), now));
            }
            return read == null ? TargetFigures.none() : read.figures();
        }
    }

    /** Forgets what was read, so the next scrape shows a run that has just ended. */
    void invalidate(String target) {
        cache.remove(target);
    }

    private TargetFigures readFromCatalog(String target) {
        Optional<BackupRun> good = catalog.latestSucceeded(target);
        Optional<BackupRun> ended = catalog.latestEnded(target);
        Map<RunStatus, Long> runs = new EnumMap<>(RunStatus.class);
        for (RunStatus status : List.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.INTERRUPTED)) {
            runs.put(status, catalog.countRuns(target, status));
        }
        List<Upload> pending = uploads.findByTargetAndStatus(target, UploadStatus.PENDING);
        Map<String, Instant> verified = new TreeMap<>();
        for (String level : VERIFICATION_LEVELS) {
            catalog.latestPassedVerification(target, level).map(Verification::finishedAt).ifPresent(at -> verified.put(level, at));
        }
        return new TargetFigures(
                good.map(BackupRun::finishedAt).orElse(null),
                ended.map(BackupRun::finishedAt).orElse(null),
                ended.map(r -> r.status() == RunStatus.SUCCEEDED).orElse(null),
                ended.filter(r -> r.startedAt() != null && r.finishedAt() != null)
                        .map(r -> Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0).orElse(null),
                good.map(r -> catalog.filesOf(r.id())).orElse(List.of()),
                good.flatMap(r -> catalog.succeededBefore(target, r.id())).map(r -> catalog.filesOf(r.id())).orElse(List.of()),
                runs,
                catalog.countDeletions(target),
                pending.size(),
                pending.stream().map(Upload::queuedAt).min(Comparator.naturalOrder()).orElse(null),
                verified);
    }
}
