package io.backstop.storage;

import io.backstop.catalog.Upload;
import io.backstop.catalog.UploadRepository;
import io.backstop.catalog.UploadStatus;
import io.backstop.config.S3Config;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.retention.RetentionPolicy;
import io.backstop.storage.s3.S3BackupStore;
import io.backstop.storage.s3.S3Problem;
import io.backstop.storage.s3.UploadFailedException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The off-site copy of every finished backup, around {@link S3BackupStore}: each file is queued in the
 * catalog when it is final, uploaded oldest first, and on failure kept pending and retried with exponential
 * backoff, after every later run and after a restart. Also runs S3 retention and the latest copy.
 */
@Singleton
@Requires(property = "backstop.s3.bucket", pattern = S3Config.ENABLED_PATTERN)
public class OffsiteCopies {
    private static final Logger LOG = LoggerFactory.getLogger("backstop.offsite");
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final S3BackupStore remote;
    private final LocalBackupStore local;
    private final UploadRepository uploads;
    private final io.backstop.catalog.Catalog catalog;
    private final Targets targets;
    private final S3Config config;
    private final Clock clock;
    private final ReentrantLock draining = new ReentrantLock();
    private volatile boolean closing;

    public OffsiteCopies(S3BackupStore remote, LocalBackupStore local, UploadRepository uploads,
                         io.backstop.catalog.Catalog catalog, Targets targets, S3Config config, Clock clock) {
        this.catalog = catalog;
        this.remote = remote;
        this.local = local;
        this.uploads = uploads;
        this.targets = targets;
        this.config = config;
        this.clock = clock;
    }

    /**
     * What the off-site queue looks like now, for health, {@code status} and {@code list}.
     *
     * @param overdue whether the oldest pending upload has waited longer than {@code S3_PENDING_MAX_AGE}
     */
    public record Status(int pending, @Nullable Instant oldestPendingSince, @Nullable String lastError, boolean overdue) {
    }

    /** Records the files of a successful run as pending uploads; nothing is lost if the upload never starts. */
    public void enqueue(List<StoredBackup> files) {
        for (StoredBackup file : files) {
            String name = file.file().getFileName().toString();
            if (uploads.findByTargetAndFile(file.target(), name).isEmpty()) {
                uploads.save(Upload.pending(file.target(), name, clock.instant()));
            }
        }
    }

    /**
     * Checks that the bucket answers, then queues every local backup the catalog does not know yet (S3 just
     * enabled, or a catalog rebuilt from manifests); one already on S3 is recorded as uploaded.
     *
     * @return how many files were queued
     */
    public int reconcile() throws IOException {
        remote.checkAccess();
        int queued = 0;
        for (Target target : targets.all()) {
            List<StoredBackup> unknown = local.list(target.name()).stream()
                    .filter(b -> uploads.findByTargetAndFile(target.name(), b.file().getFileName().toString()).isEmpty())
                    .toList();
            if (unknown.isEmpty()) {
                continue;
            }
            Set<String> onS3 = remote.list(target.name()).stream().map(RemoteBackup::fileName).collect(Collectors.toSet());
            for (StoredBackup backup : unknown) {
                String name = backup.file().getFileName().toString();
                Upload upload = Upload.pending(target.name(), name, clock.instant());
                if (onS3.contains(name)) {
                    uploads.save(upload.uploaded(clock.instant()));
                } else {
                    uploads.save(upload);
                    queued++;
                }
            }
        }
        LOG.info("s3: {} answers; queued {} local backup(s) that were not on S3 yet", remote.location(), queued);
        return queued;
    }

    /**
     * Uploads every pending file, oldest first. When another thread is already uploading, returns empty at
     * once: that drain takes files queued meanwhile too, so a run of one target never waits for another's
     * uploads.
     */
    public Optional<Status> uploadPending() {
        return drainUnlessBusy(false);
    }

    /** Uploads the pending files whose backoff has passed, unless a drain is already in progress. */
    public Optional<Status> retryDue() {
        return drainUnlessBusy(true);
    }

    private Optional<Status> drainUnlessBusy(boolean dueOnly) {
        if (!draining.tryLock()) {
            return Optional.empty();
        }
        try {
            return Optional.of(drain(dueOnly));
        } finally {
            draining.unlock();
        }
    }

    private Status drain(boolean dueOnly) {
        Set<String> touched = new LinkedHashSet<>();
        Set<Long> tried = new HashSet<>();
        while (!closing) {
            Instant now = clock.instant();
            // read again after every upload, so files queued in the meantime are taken in order
            Optional<Upload> next = uploads.findByStatusOrderById(UploadStatus.PENDING).stream()
                    .filter(u -> !tried.contains(u.id()))
                    .filter(u -> !dueOnly || u.nextAttemptAt() == null || !u.nextAttemptAt().isAfter(now))
                    .findFirst();
            if (next.isEmpty()) {
                break;
            }
            tried.add(next.get().id());
            Attempt result = attempt(next.get());
            if (result == Attempt.UPLOADED) {
                touched.add(next.get().target());
            } else if (result == Attempt.UNREACHABLE) {
                break; // the next upload would meet the same outage; the queue keeps its order
            }
        }
        touched.forEach(this::afterUploads);
        return status();
    }

    /** At shutdown: no new upload starts, and the one in progress may finish while the catalog is still open. */
    @PreDestroy
    void stop() throws InterruptedException {
        closing = true;
        if (draining.tryLock(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            draining.unlock();
        } else {
            LOG.warn("stopping during an upload; it stays pending and is retried after the restart");
        }
    }

    private enum Attempt { UPLOADED, FAILED, UNREACHABLE }

    private Attempt attempt(Upload upload) {
        Path file = local.targetDir(upload.target()).resolve(upload.file());
        Upload current = upload;
        try {
            if (current.uploadId() != null) {
                remote.abort(remote.key(current.target(), current.file()), current.uploadId());
                current = uploads.update(current.started(null));
            }
            if (!Files.isRegularFile(file)) {
                uploads.update(current.lost("the local file " + file + " disappeared before it was uploaded"));
                LOG.atError().addKeyValue("event", "upload.lost").addKeyValue("target", upload.target())
                        .log("upload lost: target={} file={}: the local file disappeared before it reached S3", upload.target(), upload.file());
                return Attempt.FAILED;
            }
            Instant started = clock.instant();
            Upload inProgress = current;
            remote.upload(current.target(), file, local.manifestFor(file).orElse(null),
                    uploadId -> uploads.update(inProgress.started(uploadId)));
            uploads.update(current.uploaded(clock.instant()));
            double seconds = Duration.between(started, clock.instant()).toMillis() / 1000.0;
            long bytes = Files.size(file);
            LOG.atInfo().addKeyValue("event", "upload.succeeded").addKeyValue("target", upload.target())
                    .addKeyValue("bytes", bytes).addKeyValue("duration_seconds", seconds)
                    .log("upload succeeded: target={} file={} to={} bytes={} duration={}s", upload.target(), upload.file(),
                            remote.url(upload.target(), upload.file()), bytes, seconds);
            return Attempt.UPLOADED;
        } catch (Exception e) {
            String openUpload = e instanceof UploadFailedException failed ? failed.openUploadId() : current.uploadId();
            String problem = S3Problem.describe(e, config);
            Instant next = clock.instant().plus(backoff(current.attempts()));
            try {
                uploads.update(current.failed(next, problem, openUpload));
            } catch (RuntimeException catalogFailure) {
                LOG.warn("catalog: could not record the failed upload of {}: {}", upload.file(), catalogFailure.toString());
            }
            LOG.atWarn().addKeyValue("event", "upload.failed").addKeyValue("target", upload.target()).addKeyValue("cause", problem)
                    .log("upload failed, kept pending: target={} file={} attempt={} next_attempt={} cause={}", upload.target(),
                            upload.file(), current.attempts() + 1, next, problem);
            return S3Problem.isUnreachable(e) ? Attempt.UNREACHABLE : Attempt.FAILED;
        }
    }

    private Duration backoff(int previousAttempts) {
        Duration delay = config.retryBase().multipliedBy(1L << Math.min(previousAttempts, 20));
        return delay.compareTo(config.retryMax()) > 0 ? config.retryMax() : delay;
    }

    /** S3 retention and the latest copy, once the target's uploads are through. */
    private void afterUploads(String targetName) {
        Optional<Target> target = targets.find(targetName);
        if (target.isEmpty()) {
            return;
        }
        try {
            List<RemoteBackup> onS3 = remote.list(targetName);
            if (config.retentionMode() == S3Config.RetentionMode.DAYS) {
                int days = config.retentionDays(target.get().retentionDays());
                java.util.Set<String> pinned = catalog.pinnedFiles(targetName);
                List<RemoteBackup> expired = new RetentionPolicy(days, target.get().keepMin())
                        .expired(onS3.stream().filter(b -> !pinned.contains(b.fileName())).toList(), clock.instant(), true);
                for (RemoteBackup backup : expired) {
                    remote.delete(backup);
                    uploads.findByTargetAndFile(targetName, backup.fileName())
                            .ifPresent(u -> uploads.update(u.remoteDeleted()));
                    LOG.info("s3 retention: deleted {} (older than {} days)", remote.url(targetName, backup.fileName()), days);
                }
                onS3 = onS3.stream().filter(b -> !expired.contains(b)).toList();
            }
            if (config.latestCopy()) {
                for (RemoteBackup newest : onS3.stream().collect(Collectors.groupingBy(RemoteBackup::part,
                        Collectors.maxBy(Comparator.comparing(RemoteBackup::startedAt).thenComparingInt(RemoteBackup::sequence))))
                        .values().stream().flatMap(Optional::stream).toList()) {
                    remote.copyToLatest(newest);
                }
            }
        } catch (Exception e) {
            LOG.warn("s3 retention or latest copy for target {} failed, nothing more deleted: {}", targetName,
                    S3Problem.describe(e, config));
        }
    }

    /**
     * Whether local retention must keep this file because it may be the only copy: its upload is pending, or
     * it is not known as uploaded at all (made before S3 was enabled and not yet queued by {@link #reconcile}).
     */
    /** The target's files on S3, with their sizes; empty when the bucket cannot be listed now. */
    public List<RemoteBackup> remoteCopies(String target) {
        try {
            return remote.list(target);
        } catch (RuntimeException e) {
            LOG.warn("s3: cannot list the copies of {}: {}", target, S3Problem.describe(e, config));
            return List.of();
        }
    }

    /** Deletes one file's S3 copy ({@code backstop delete}); false when there is none. */
    public boolean deleteRemote(String target, String fileName) {
        Optional<RemoteBackup> copy = remote.list(target).stream().filter(b -> b.fileName().equals(fileName)).findFirst();
        if (copy.isEmpty()) {
            return false;
        }
        remote.delete(copy.get());
        uploads.findByTargetAndFile(target, fileName).ifPresent(u -> uploads.update(u.remoteDeleted()));
        return true;
    }

    public boolean mustKeepLocally(StoredBackup backup) {
        return uploads.findByTargetAndFile(backup.target(), backup.file().getFileName().toString())
                .map(u -> u.status() == UploadStatus.PENDING).orElse(true);
    }

    public Optional<UploadStatus> statusOf(String target, String file) {
        return uploads.findByTargetAndFile(target, file).map(Upload::status);
    }

    public Status status() {
        List<Upload> pending = uploads.findByStatusOrderById(UploadStatus.PENDING);
        Instant oldest = pending.stream().map(Upload::queuedAt).min(Instant::compareTo).orElse(null);
        String lastError = pending.stream().map(Upload::lastError).filter(e -> e != null).reduce((a, b) -> b).orElse(null);
        boolean overdue = oldest != null && Duration.between(oldest, clock.instant()).compareTo(config.pendingMaxAgeDuration()) > 0;
        return new Status(pending.size(), oldest, lastError, overdue);
    }
}
