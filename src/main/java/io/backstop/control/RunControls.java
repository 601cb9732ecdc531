package io.backstop.control;

import io.backstop.Refused;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunMarks;
import io.backstop.catalog.RunStatus;
import io.backstop.pipeline.BackupOutcome;
import io.backstop.storage.BackupFileName;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.Manifest;
import io.backstop.storage.OffsiteCopies;
import io.backstop.storage.StoredBackup;
import io.backstop.storage.TargetLock;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pin, annotate and delete one run: recorded in the catalog, written into the run's manifests where they are on the
 * volume (so a rebuilt catalog keeps them), each change logged in one line. Changes to files happen under the
 * target's run lock.
 */
@Singleton
public class RunControls {
    private static final Logger LOG = LoggerFactory.getLogger("backstop.control");

    private final Catalog catalog;
    private final LocalBackupStore store;
    private final Optional<OffsiteCopies> offsite;
    private final Clock clock;

    public RunControls(Catalog catalog, LocalBackupStore store, Optional<OffsiteCopies> offsite, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.offsite = offsite;
        this.clock = clock;
    }

    /** Where {@code backstop delete} removes a run's files. */
    public enum Where { LOCAL, REMOTE, EVERYWHERE }

    public RunMarks pin(long runId, boolean pin) throws Refused {
        BackupRun run = succeeded(runId);
        RunMarks marks = mark(run, catalog.marksOf(runId).pinned(pin));
        LOG.atInfo().addKeyValue("event", pin ? "run.pinned" : "run.unpinned").addKeyValue("target", run.target())
                .addKeyValue("run", runId).log("{}: run {} of {}", pin ? "pinned" : "unpinned", runId, run.target());
        return marks;
    }

    public RunMarks annotate(long runId, @Nullable String label, @Nullable String note) throws Refused {
        BackupRun run = succeeded(runId);
        RunMarks marks = mark(run, catalog.marksOf(runId).annotated(label, note));
        LOG.atInfo().addKeyValue("event", "run.annotated").addKeyValue("target", run.target()).addKeyValue("run", runId)
                .log("annotated: run {} of {}: label={} note={}", runId, run.target(), marks.label(), marks.note());
        return marks;
    }

    /**
     * Removes the run's files from the volume, from S3 or both. The target's newest good backup and a pinned run are
     * refused without {@code force}. When no copy is left anywhere the run is recorded as DELETED, with time and reason.
     *
     * @return one line per file: what was removed where
     */
    public List<String> delete(long runId, Where where, boolean force, @Nullable String reason) throws Refused {
        BackupRun run = succeeded(runId);
        RunMarks marks = catalog.marksOf(runId);
        if (!force && marks.pinned()) {
            throw new Refused("run " + runId + " is pinned; unpin it first, or delete with --force", false);
        }
        if (!force && catalog.latestSucceeded(run.target()).map(BackupRun::id).filter(id -> id == runId).isPresent()) {
            throw new Refused("run " + runId + " is the newest good backup of " + run.target()
                    + "; deleting it leaves an older one as the newest: say so with --force", false);
        }
        if (where != Where.LOCAL && offsite.isEmpty()) {
            throw new Refused("S3 is not configured, so there is no remote copy to delete; use --local", false);
        }
        List<String> done = new ArrayList<>();
        boolean copiesLeft = false;
        try (TargetLock lock = lock(run.target())) {
            for (String file : run.file().split(BackupOutcome.FILE_SEPARATOR)) {
                Path local = store.fileOf(run.target(), file);
                if (where != Where.REMOTE && Files.exists(local)) {
                    store.delete(new StoredBackup(run.target(), BackupFileName.parse(run.target(), file).orElseThrow().part(),
                            local, run.startedAt()));
                    done.add("deleted " + local);
                }
                if (where != Where.LOCAL && offsite.get().deleteRemote(run.target(), file)) {
                    done.add("deleted the S3 copy of " + file);
                }
                copiesLeft |= Files.exists(local) || (where == Where.LOCAL && offsite.flatMap(o -> o.statusOf(run.target(), file))
                        .filter(status -> status == io.backstop.catalog.UploadStatus.UPLOADED).isPresent());
            }
        } catch (IOException e) {
            throw new Refused("could not delete the files of run " + runId + ": " + e.getMessage(), false);
        }
        String why = reason == null || reason.isBlank() ? "deleted by hand" : reason.strip();
        if (!copiesLeft) {
            catalog.update(run.ended(RunStatus.DELETED, run.finishedAt(), why));
            catalog.saveMarks(marks.deleted(clock.instant(), why));
        }
        LOG.atInfo().addKeyValue("event", "run.deleted").addKeyValue("target", run.target()).addKeyValue("run", runId)
                .log("deleted: run {} of {} ({}): {}", runId, run.target(), why, done);
        return done;
    }

    private RunMarks mark(BackupRun run, RunMarks changed) throws Refused {
        try (TargetLock lock = lock(run.target())) {
            RunMarks saved = catalog.saveMarks(changed);
            for (String file : run.file().split(BackupOutcome.FILE_SEPARATOR)) {
                Path local = store.fileOf(run.target(), file);
                Optional<Manifest> manifest = Files.exists(local) ? store.manifestFor(local) : Optional.empty();
                if (manifest.isPresent()) {
                    store.rewriteManifest(local, manifest.get().withMarks(saved.pinned(), saved.label(), saved.note()));
                }
            }
            return saved;
        } catch (IOException e) {
            throw new Refused("could not write the marks into the manifests of run " + run.id() + ": " + e.getMessage(), false);
        }
    }

    private BackupRun succeeded(long runId) throws Refused {
        BackupRun run = catalog.find(runId).orElseThrow(() -> new Refused("no run with id " + runId, true));
        if (run.status() != RunStatus.SUCCEEDED || run.file() == null) {
            throw new Refused("run " + runId + " has no backup (" + run.status() + ")", false);
        }
        return run;
    }

    private TargetLock lock(String target) throws Refused, IOException {
        return store.tryLock(target).orElseThrow(() -> new Refused("target '" + target
                + "' is being backed up right now; try again when the run has ended", false));
    }
}
