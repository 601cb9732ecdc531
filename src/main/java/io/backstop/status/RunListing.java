package io.backstop.status;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunMarks;
import io.backstop.catalog.RunStatus;
import io.backstop.catalog.UploadStatus;
import io.backstop.catalog.Verification;
import io.backstop.pipeline.BackupOutcome;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.OffsiteCopies;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Recent runs from the catalog, newest first, each with where its files are. */
@Singleton
public class RunListing {
    private final Catalog catalog;
    private final LocalBackupStore store;
    private final Optional<OffsiteCopies> offsite;

    public RunListing(Catalog catalog, LocalBackupStore store, Optional<OffsiteCopies> offsite) {
        this.catalog = catalog;
        this.store = store;
        this.offsite = offsite;
    }

    public List<ListedRun> recent(@Nullable String target, int limit) {
        return catalog.recent(target, limit).stream().map(run -> new ListedRun(run, location(run), verified(run), marks(run))).toList();
    }

    private RunMarks marks(BackupRun run) {
        RunMarks marks = catalog.marksOf(run.id());
        return marks.equals(RunMarks.none(run.id())) ? null : marks;
    }

    private String verified(BackupRun run) {
        if (run.status() != RunStatus.SUCCEEDED || run.file() == null) {
            return null;
        }
        Map<String, Verification> newestPerFile = new HashMap<>();
        catalog.verificationsOf(run.id()).forEach(v -> newestPerFile.put(v.file(), v));
        if (newestPerFile.isEmpty()) {
            return null;
        }
        if (!newestPerFile.values().stream().allMatch(Verification::passed)) {
            return "FAILED";
        }
        return newestPerFile.values().stream().allMatch(v -> v.level().equals("full")) ? "full" : "quick";
    }

    /** Where a run's files are now: {@code local}, {@code s3}, {@code both}, …; null for a run without files. */
    public String location(BackupRun run) {
        if (run.status() != RunStatus.SUCCEEDED || run.file() == null) {
            return null;
        }
        return Arrays.stream(run.file().split(BackupOutcome.FILE_SEPARATOR)).map(file -> {
            boolean local;
            try {
                local = Files.isRegularFile(store.fileOf(run.target(), file));
            } catch (IllegalArgumentException notABackupName) {
                return "gone";
            }
            UploadStatus remote = offsite.flatMap(o -> o.statusOf(run.target(), file)).orElse(null);
            boolean onS3 = remote == UploadStatus.UPLOADED;
            if (local) {
                return onS3 ? "both" : remote == UploadStatus.PENDING ? "local+pending" : "local";
            }
            return onS3 ? "s3" : "gone";
        }).reduce((a, b) -> a.equals(b) ? a : "mixed").orElse("gone");
    }
}
