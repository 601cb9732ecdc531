package io.backstop.catalog;

import io.backstop.storage.Manifest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/** The record of runs and of the files each successful run wrote. */
@Singleton
public class Catalog {
    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
    private final BackupRunRepository runs;
    private final BackupFileRepository files;
    private final VerificationRepository verifications;
    private final DeletionRepository deletions;
    private final RunMarksRepository marks;
    private final Clock clock;

    public Catalog(BackupRunRepository runs, BackupFileRepository files, VerificationRepository verifications,
                   DeletionRepository deletions, RunMarksRepository marks, Clock clock) {
        this.marks = marks;
        this.deletions = deletions;
        this.runs = runs;
        this.files = files;
        this.verifications = verifications;
        this.clock = clock;
    }

    public Verification record(Verification verification) {
        return verifications.save(verification);
    }

    /** Whether the newest check of this file failed: such a backup is not counted as good. */
    public boolean failedVerification(String target, String fileName) {
        return verifications.findFirstByTargetAndFileOrderByIdDesc(target, fileName).map(v -> !v.passed()).orElse(false);
    }

    public Optional<Verification> latestVerification(String target) {
        return verifications.findFirstByTargetOrderByIdDesc(target);
    }

    public Optional<Verification> latestVerification(String target, String level) {
        return verifications.findFirstByTargetAndLevelOrderByIdDesc(target, level);
    }

    public Optional<Verification> latestPassedVerification(String target, String level) {
        return verifications.findFirstByTargetAndLevelAndPassedOrderByIdDesc(target, level, true);
    }

    public List<Verification> verificationsOf(long runId) {
        return verifications.findByRunIdOrderById(runId);
    }

    public BackupRun save(BackupRun run) {
        return run.id() == null ? runs.save(run) : runs.update(run);
    }

    /** Records a run as succeeded together with a row for each file it wrote. */
    public BackupRun succeeded(BackupRun run, List<Manifest> written) {
        BackupRun saved = save(run);
        for (Manifest m : written) {
            if (files.findByTargetAndFile(m.target(), m.file()).isEmpty()) {
                files.save(new BackupFile(null, saved.id(), m.target(), m.part(), m.file(), m.bytes(), m.rawBytes(), m.sha256()));
            }
        }
        return saved;
    }

    /** Whether a recorded run wrote a file of this name. An unreadable catalog answers no. */
    public boolean recordsFile(String fileName) {
        try {
            return files.existsByFile(fileName) || runs.existsByFileContains(fileName);
        } catch (RuntimeException e) {
            LOG.warn("catalog: could not look up {}: {}", fileName, e.toString());
            return false;
        }
    }

    /** The SHA-256 a successful run recorded for one of its files. */
    public Optional<String> sha256Of(String target, String fileName) {
        return files.findByTargetAndFile(target, fileName).map(BackupFile::sha256);
    }

    /**
     * The run a manifest belongs to: the one its run id names, if that run has the manifest's target and start
     * (ids differ after a rebuild), else the run of that target started at that instant.
     */
    public Optional<BackupRun> runOf(Manifest manifest) {
        if (manifest.runId() != null) {
            Optional<BackupRun> byId = runs.findById(manifest.runId())
                    .filter(r -> r.target().equals(manifest.target()) && manifest.startedAt().equals(r.startedAt()));
            if (byId.isPresent()) {
                return byId;
            }
        }
        return runs.findByTargetAndStartedAt(manifest.target(), manifest.startedAt()).stream().findFirst();
    }

    public Optional<BackupRun> find(long id) {
        return runs.findById(id);
    }

    public List<BackupRun> recent(@Nullable String target, int limit) {
        Pageable page = Pageable.from(0, limit);
        return target == null ? runs.listOrderByIdDesc(page) : runs.findByTargetOrderByIdDesc(target, page);
    }

    public Optional<BackupRun> latestSucceeded(String target) {
        return runs.findFirstByTargetAndStatusOrderByIdDesc(target, RunStatus.SUCCEEDED);
    }

    public Optional<BackupRun> latest(String target) {
        return runs.findFirstByTargetOrderByIdDesc(target);
    }

    /** The newest run that has ended (succeeded, failed or was interrupted). */
    public Optional<BackupRun> latestEnded(String target) {
        return runs.findFirstByTargetAndStatusInListOrderByIdDesc(target,
                EnumSet.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.INTERRUPTED));
    }

    /** The newest run before {@code runId} that succeeded or failed (interrupted runs say nothing of the target). */
    public Optional<BackupRun> previousVerdict(String target, long runId) {
        return runs.findFirstByTargetAndStatusInListAndIdLessThanOrderByIdDesc(target,
                EnumSet.of(RunStatus.SUCCEEDED, RunStatus.FAILED), runId);
    }

    public Optional<BackupRun> succeededBefore(String target, long runId) {
        return runs.findFirstByTargetAndStatusAndIdLessThanOrderByIdDesc(target, RunStatus.SUCCEEDED, runId);
    }

    public long countRuns(String target, RunStatus status) {
        return runs.countByTargetAndStatus(target, status);
    }

    /** The files a successful run wrote, one per part. */
    public List<BackupFile> filesOf(long runId) {
        return files.findByRunId(runId);
    }

    public RunMarks marksOf(long runId) {
        return marks.findById(runId).orElse(RunMarks.none(runId));
    }

    public RunMarks saveMarks(RunMarks changed) {
        return marks.existsById(changed.runId()) ? marks.update(changed) : marks.save(changed);
    }

    /** The file names of a target's pinned runs: retention never deletes them. */
    public java.util.Set<String> pinnedFiles(String target) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (RunMarks pinned : marks.findByPinned(true)) {
            files.findByRunId(pinned.runId()).stream().filter(f -> f.target().equals(target)).map(BackupFile::file).forEach(names::add);
        }
        return names;
    }

    public int pinnedRuns(String target) {
        return (int) marks.findByPinned(true).stream().map(m -> runs.findById(m.runId()))
                .filter(r -> r.isPresent() && r.get().target().equals(target)).count();
    }

    public BackupRun update(BackupRun run) {
        return runs.update(run);
    }

    public void recordDeletion(String target, String file) {
        deletions.save(new Deletion(null, target, file, clock.instant()));
    }

    public long countDeletions(String target) {
        return deletions.countByTarget(target);
    }

    /**
     * Closes a target's runs that a process left open when it was stopped or killed.
     *
     * @param except the run that is starting now, or null
     */
    public int markInterrupted(String target, @Nullable Long except) {
        List<BackupRun> open = runs.findByTargetAndStatusInList(target, EnumSet.of(RunStatus.QUEUED, RunStatus.RUNNING))
                .stream().filter(r -> !r.id().equals(except)).toList();
        for (BackupRun run : open) {
            runs.update(run.ended(RunStatus.INTERRUPTED, clock.instant(), "Backstop stopped before the run ended"));
        }
        return open.size();
    }
}
