package io.backstop.schedule;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.config.BackstopConfig;
import io.backstop.config.Target;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.StoredBackup;
import io.backstop.catalog.Pause;
import io.backstop.control.Pauses;
import jakarta.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Judges each target's newest good backup, taken from the volume itself, against
 * {@code health-max-age-factor} times its schedule interval. Before the first backup exists the target is
 * healthy for one such period after start-up, unless a run has already failed. A backup dated in the future (the
 * clock was set back) never has a negative age; see {@link #datedInTheFuture}.
 */
@Singleton
public class FreshnessCheck {
    private static final Logger LOG = LoggerFactory.getLogger(FreshnessCheck.class);
    /** A backup dated later than now by more than this was made before the clock was set back. */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(1);
    private final Map<Path, Instant> futureNoticed = new ConcurrentHashMap<>();
    private final LocalBackupStore store;
    private final Catalog catalog;
    private final Clock clock;
    private final double factor;
    private final Pauses pauses;
    private final Instant startedAt;

    public FreshnessCheck(LocalBackupStore store, Catalog catalog, Clock clock, BackstopConfig config, Pauses pauses) {
        this.pauses = pauses;
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.factor = config.getHealthMaxAgeFactor();
        this.startedAt = clock.instant();
    }

    /**
     * A paused target is reported paused, and healthy, until {@code BACKUP_PAUSE_MAX}; then DOWN, because a forgotten
     * pause is how backups silently stop.
     */
    public Freshness check(Target target) {
        Freshness freshness = checkBackups(target);
        Optional<Pause> paused = pauses.active(target.name());
        if (paused.isEmpty()) {
            return freshness;
        }
        boolean forgotten = pauses.overdue(paused.get());
        String reason = Pauses.describe(paused.get()) + (forgotten ? "; paused for more than BACKUP_PAUSE_MAX ("
                + human(pauses.maxPause()) + "): resume it (backstop resume " + target.name() + ") or pause it again" : "")
                + "; " + freshness.reason();
        return new Freshness(freshness.target(), !forgotten, freshness.newestBackup(), freshness.ageSeconds(),
                freshness.maxAgeSeconds(), freshness.nextRun(), freshness.lastRunStatus(), freshness.lastError(), reason);
    }

    private Freshness checkBackups(Target target) {
        Instant now = clock.instant();
        Duration maxAge = Duration.ofMillis((long) (target.schedule().intervalAround(now).toMillis() * factor));
        Instant next = target.schedule().nextAfter(now);
        Optional<BackupRun> last = lastRun(target);
        String lastStatus = last.map(r -> r.status().name()).orElse(null);
        String lastError = last.filter(r -> r.status() == RunStatus.FAILED).map(BackupRun::error).orElse(null);

        Optional<StoredBackup> newest;
        Optional<StoredBackup> future;
        try {
            // a backup whose last verification failed does not count
            List<StoredBackup> all = store.list(target.name()).stream().filter(b -> !failedVerification(target, b)).toList();
            newest = all.stream().filter(b -> !b.startedAt().isAfter(now.plus(CLOCK_TOLERANCE))).reduce((a, b) -> b);
            future = all.stream().filter(b -> b.startedAt().isAfter(now.plus(CLOCK_TOLERANCE))).reduce((a, b) -> b);
        } catch (IOException e) {
            return new Freshness(target.name(), false, null, null, maxAge.toSeconds(), next, lastStatus, lastError,
                    "cannot read the backup directory: " + e.getMessage());
        }
        if (newest.isEmpty() && future.isPresent()) {
            return datedInTheFuture(target, future.get(), now, maxAge, next, lastStatus, lastError);
        }
        if (newest.isEmpty()) {
            boolean failed = lastError != null;
            boolean graceOver = Duration.between(startedAt, now).compareTo(maxAge) > 0;
            String reason = failed ? "no backup yet; the last run failed: " + lastError
                    : graceOver ? "no backup yet, " + Duration.between(startedAt, now).toMinutes() + " min after start-up"
                    : "no backup yet; the first run is pending";
            return new Freshness(target.name(), !failed && !graceOver, null, null, maxAge.toSeconds(), next,
                    lastStatus, lastError, reason);
        }
        Instant newestAt = newest.get().startedAt();
        Duration age = Duration.between(newestAt, now);
        boolean fresh = age.compareTo(maxAge) <= 0;
        String reason = fresh ? "newest backup is " + human(age) + " old"
                : "newest backup is " + human(age) + " old, more than the allowed " + human(maxAge)
                  + " (" + BigDecimal.valueOf(factor).stripTrailingZeros().toPlainString() + " x the schedule interval)"
                  + (lastError != null ? "; the last run failed: " + lastError : "");
        return new Freshness(target.name(), fresh, newestAt, age.toSeconds(), maxAge.toSeconds(), next, lastStatus,
                lastError, reason);
    }

    /**
     * Only backups dated in the future (the clock was set back): their age is unknown, so they count for one allowed
     * age from the moment this was noticed; after that a backup made with the current clock is needed.
     */
    private Freshness datedInTheFuture(Target target, StoredBackup backup, Instant now, Duration maxAge, Instant next,
                                       String lastStatus, String lastError) {
        Instant noticed = futureNoticed.computeIfAbsent(backup.file(), f -> {
            LOG.warn("backup {} is dated {}, {} in the future: the clock was set back (or the file came from a machine"
                    + " whose clock was ahead); its age is unknown", f, backup.startedAt(), human(Duration.between(now, backup.startedAt())));
            return now;
        });
        boolean graceOver = Duration.between(noticed, now).compareTo(maxAge) > 0;
        String reason = "newest backup is dated " + human(Duration.between(now, backup.startedAt())) + " in the future"
                + " (the clock was set back?); " + (graceOver ? "no backup made with the current clock since "
                + human(Duration.between(noticed, now)) : "waiting for a backup made with the current clock");
        return new Freshness(target.name(), !graceOver, backup.startedAt(), 0L, maxAge.toSeconds(), next, lastStatus,
                lastError, reason);
    }

    private boolean failedVerification(Target target, StoredBackup backup) {
        try {
            return catalog.failedVerification(target.name(), backup.file().getFileName().toString());
        } catch (RuntimeException unreadableCatalog) {
            return false;
        }
    }

    private Optional<BackupRun> lastRun(Target target) {
        try {
            return catalog.latest(target.name());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** "45 s", "12 min", "2 h 1 min", "3 d 4 h": precise enough to compare an age with its limit. */
    static String human(Duration d) {
        if (d.toMinutes() < 2) {
            return d.toSeconds() + " s";
        }
        if (d.toHours() < 2) {
            return d.toMinutes() + " min";
        }
        if (d.toDays() < 2) {
            return d.toHours() + " h" + (d.toMinutesPart() == 0 ? "" : " " + d.toMinutesPart() + " min");
        }
        return d.toDays() + " d" + (d.toHoursPart() == 0 ? "" : " " + d.toHoursPart() + " h");
    }
}
