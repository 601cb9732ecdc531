package io.backstop.catalog;

import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.Manifest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/** The record of runs. On first use it adds every backup on the volume that it does not know yet. */
@Singleton
public class Catalog {
    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);

    private final BackupRunRepository runs;
    private final LocalBackupStore store;
    private final Clock clock;

    public Catalog(BackupRunRepository runs, LocalBackupStore store, Clock clock) {
        this.runs = runs;
        this.store = store;
        this.clock = clock;
    }

    @PostConstruct
    void importManifests() {
        try {
            int imported = 0;
            for (Manifest m : store.manifests()) {
                if (!runs.existsByFileContains(m.file())) {
                    runs.save(new BackupRun(null, m.target(), m.engine(), RunStatus.SUCCEEDED, "manifest", m.startedAt(),
                            m.startedAt(), m.finishedAt(), m.rawBytes(), m.bytes(), m.sha256(), m.file(), null));
                    imported++;
                }
            }
            if (imported > 0) {
                LOG.info("catalog: recovered {} backup record(s) from manifests", imported);
            }
        } catch (Exception e) {
            LOG.warn("catalog: could not import manifests: {}", e.toString());
        }
    }

    public BackupRun save(BackupRun run) {
        return run.id() == null ? runs.save(run) : runs.update(run);
    }

    /** Whether a recorded run wrote a file of this name. An unreadable catalog answers no. */
    public boolean recordsFile(String fileName) {
        try {
            return runs.existsByFileContains(fileName);
        } catch (RuntimeException e) {
            LOG.warn("catalog: could not look up {}: {}", fileName, e.toString());
            return false;
        }
    }

    public Optional<BackupRun> find(long id) {
        return runs.findById(id);
    }

    public List<BackupRun> recent(@Nullable String target, int limit) {
        Pageable page = Pageable.from(0, limit);
        return target == null ? runs.listOrderByIdDesc(page) : runs.findByTargetOrderByIdDesc(target, page);
    }

    public Optional<BackupRun> latest(String target) {
        return runs.findFirstByTargetOrderByIdDesc(target);
    }

    /** Closes runs that a previous daemon left open when it stopped. */
    public int markInterrupted() {
        List<BackupRun> open = runs.findByStatusInList(EnumSet.of(RunStatus.QUEUED, RunStatus.RUNNING));
        for (BackupRun run : open) {
            runs.update(run.ended(RunStatus.INTERRUPTED, clock.instant(), "Backstop stopped before the run ended"));
        }
        return open.size();
    }
}
