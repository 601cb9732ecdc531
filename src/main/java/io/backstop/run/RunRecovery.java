package io.backstop.run;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunMarks;
import io.backstop.catalog.RunStatus;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.pipeline.BackupOutcome;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.Manifest;
import io.backstop.storage.StoredBackup;
import io.backstop.storage.TargetContents;
import io.backstop.storage.TargetLock;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a target's directory and its catalog records agree again after a process was killed (or the catalog was
 * lost): partial files and scratch directories go; a manifest whose file is missing goes; a final-named file
 * without a valid manifest goes unless the catalog records it; a run that did not write every part it was to write
 * is removed and recorded as INTERRUPTED; a complete run the catalog does not know as SUCCEEDED is recorded as
 * such; runs left open are closed. Works only on targets whose lock it gets, so a run in progress is never touched.
 */
@Singleton
public class RunRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

    private final Targets targets;
    private final LocalBackupStore store;
    private final Catalog catalog;
    private final Clock clock;

    public RunRecovery(Targets targets, LocalBackupStore store, Catalog catalog, Clock clock) {
        this.targets = targets;
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    public void recoverAll() {
        for (Target target : targets.all()) {
            recover(target.name());
        }
    }

    /** Recovers one target if no run holds it; logs and goes on when the volume or the catalog is not usable. */
    public void recover(String target) {
        try {
            Optional<TargetLock> lock = store.tryLock(target);
            if (lock.isEmpty()) {
                LOG.info("recovery of target {} skipped: a run holds it", target);
                return;
            }
            try (TargetLock held = lock.get()) {
                recoverLocked(target, null);
            }
        } catch (Exception e) {
            LOG.warn("recovery of target {} not finished: {}", target, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * Call only while holding the target's lock.
     *
     * @param currentRun the run that holds the lock and is about to start, which is not left open; null at start-up
     */
    public void recoverLocked(String target, Long currentRun) throws IOException {
        int leftovers = store.removeLeftovers(target);
        if (leftovers > 0) {
            LOG.warn("removed {} partial file(s) of target {} left by a run that was killed", leftovers, target);
        }
        TargetContents contents = store.contents(target);
        for (Path orphan : contents.orphanManifests()) {
            store.deleteOrphan(orphan);
            LOG.warn("removed manifest {}: its backup file does not exist (a run was killed before the file was final)", orphan);
        }
        Map<String, List<BackupOutcome.Item>> runs = new LinkedHashMap<>();
        for (StoredBackup backup : contents.backups()) {
            Optional<Manifest> manifest = contents.manifestOf(backup);
            if (manifest.isEmpty()) {
                withoutManifest(backup);
                continue;
            }
            Manifest m = manifest.get();
            String key = m.knowsItsRun() ? m.runKey() : "v1:" + m.file();
            runs.computeIfAbsent(key, k -> new ArrayList<>()).add(new BackupOutcome.Item(backup, m));
        }
        int rebuilt = 0;
        for (List<BackupOutcome.Item> files : runs.values()) {
            rebuilt += reconcile(target, files) ? 1 : 0;
        }
        if (rebuilt > 0) {
            LOG.info("catalog: recovered {} backup record(s) of target {} from manifests", rebuilt, target);
        }
        int open = catalog.markInterrupted(target, currentRun);
        if (open > 0) {
            LOG.warn("catalog: marked {} run(s) of target {} left open by a stopped process as interrupted", open, target);
        }
    }

    private void withoutManifest(StoredBackup backup) throws IOException {
        String name = backup.file().getFileName().toString();
        if (catalog.sha256Of(backup.target(), name).isPresent()) {
            LOG.warn("{} has no valid manifest; kept, the catalog records it and its SHA-256", backup.file());
            return;
        }
        store.delete(backup);
        LOG.warn("removed {}: it has no valid manifest and no catalog record (a run was killed before it was recorded)",
                backup.file());
    }

    /** @return whether a record was added for a run the catalog did not know */
    private boolean reconcile(String target, List<BackupOutcome.Item> files) throws IOException {
        Manifest first = files.get(0).manifest();
        List<String> expected = first.knowsItsRun() ? first.runParts() : files.stream().map(i -> i.manifest().part()).toList();
        files.sort(Comparator.comparingInt(i -> expected.indexOf(i.manifest().part())));
        List<String> written = files.stream().map(i -> i.manifest().part()).toList();
        List<String> missing = expected.stream().filter(p -> !written.contains(p)).toList();
        BackupOutcome outcome = new BackupOutcome(files);
        Optional<BackupRun> recorded = catalog.runOf(first);

        if (recorded.isPresent() && recorded.get().status() == RunStatus.SUCCEEDED) {
            return false; // complete when it ended; a part may have been deleted since, the rest stays
        }
        if (missing.isEmpty()) {
            BackupRun run = recorded.orElseGet(() -> fromManifest(first));
            run = catalog.succeeded(run.succeeded(outcome.finishedAt(), outcome.rawBytes(), outcome.bytes(),
                    outcome.sha256(), outcome.files()), files.stream().map(BackupOutcome.Item::manifest).toList());
            if (recorded.isPresent()) {
                LOG.warn("run {} of target {} had written all its files when its process stopped; recorded as SUCCEEDED",
                        run.id(), target);
            } else if (first.pinned() != null || first.label() != null || first.note() != null) {
                catalog.saveMarks(new RunMarks(run.id(), Boolean.TRUE.equals(first.pinned()), first.label(), first.note(), null, null));
            }
            return recorded.isEmpty();
        }
        for (BackupOutcome.Item item : files) {
            store.delete(item.backup());
        }
        String error = "killed before it wrote all its parts: wrote " + names(written) + ", missing " + names(missing)
                + "; its files were removed";
        BackupRun run = recorded.orElseGet(() -> fromManifest(first));
        run = catalog.save(run.ended(RunStatus.INTERRUPTED, clock.instant(), error));
        LOG.warn("run {} of target {} was incomplete ({}): recorded as INTERRUPTED", run.id(), target, error);
        return false;
    }

    /** A record for a run the catalog never heard of, rebuilt from one of its manifests. */
    private static BackupRun fromManifest(Manifest m) {
        return new BackupRun(null, m.target(), m.engine(), RunStatus.RUNNING, "manifest", m.startedAt(), m.startedAt(),
                null, null, null, null, null, null);
    }

    private static String names(List<String> parts) {
        return parts.stream().map(p -> p.isEmpty() ? "(whole)" : p).toList().toString();
    }
}
