package io.backstop.verify;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.catalog.RunStatus;
import io.backstop.catalog.Verification;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.pipeline.BackupOutcome;
import io.backstop.storage.LocalBackupStore;
import io.backstop.storage.TargetLock;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code backstop verify}: a quick or full check of a run's files, of a target's newest good backup, or of every target's,
 * under the target's run lock (a backup in progress is not read half-written, and retention deletes nothing meanwhile).
 */
@Singleton
public class VerificationService {
    private static final Logger LOG = LoggerFactory.getLogger("backstop.verify");
    private final Targets targets;
    private final Catalog catalog;
    private final LocalBackupStore store;
    private final Verifier verifier;
    private final Optional<RemoteVerifier> remote;
    private final boolean checkRemote;

    public VerificationService(Targets targets, Catalog catalog, LocalBackupStore store, Verifier verifier,
                               Optional<RemoteVerifier> remote, @Value("${backstop.verify.remote:false}") boolean checkRemote) {
        this.remote = remote;
        this.checkRemote = checkRemote;
        this.targets = targets;
        this.catalog = catalog;
        this.store = store;
        this.verifier = verifier;
    }

    /** A verification that could not run: an unknown target or run, or a busy target. */
    public static class Refused extends Exception {
        private final boolean unknown;

        Refused(String message, boolean unknown) {
            super(message);
            this.unknown = unknown;
        }

        /** True for an unknown target or run (404), false for one that is busy or has nothing to verify (409). */
        public boolean unknown() {
            return unknown;
        }
    }

    /** @param what a target, a run id, or null for every target's newest good backup */
    public List<Verification> verify(@Nullable String what, Level level) throws Refused {
        if (what == null) {
            List<Verification> all = new ArrayList<>();
            for (Target target : targets.all()) {
                Optional<BackupRun> newest = catalog.latestSucceeded(target.name());
                if (newest.isPresent()) {
                    all.addAll(verifyRun(target, newest.get(), level));
                }
            }
            return all;
        }
        if (what.matches("[0-9]+")) {
            BackupRun run = catalog.find(Long.parseLong(what)).orElseThrow(() -> new Refused("no run with id " + what, true));
            Target target = targets.find(run.target()).orElseThrow(() -> new Refused("run " + what + " belongs to target '"
                    + run.target() + "', which is not configured", true));
            return verifyRun(target, run, level);
        }
        Target target = targets.find(what).orElseThrow(() -> new Refused("unknown target '" + what + "'; configured: "
                + targets.all().stream().map(Target::name).toList(), true));
        BackupRun newest = catalog.latestSucceeded(target.name())
                .orElseThrow(() -> new Refused("target '" + what + "' has no good backup to verify yet", false));
        return verifyRun(target, newest, level);
    }

    /** Every target's newest good backup, one target at a time; a busy target is skipped and said so. */
    public List<Verification> verifyEach(Level level) {
        List<Verification> all = new ArrayList<>();
        for (Target target : targets.all()) {
            try {
                all.addAll(verify(target.name(), level));
            } catch (Refused e) {
                LOG.warn("{} verification of {} skipped: {}", level.label(), target.name(), e.getMessage());
            }
        }
        return all;
    }

    private List<Verification> verifyRun(Target target, BackupRun run, Level level) throws Refused {
        if (run.status() != RunStatus.SUCCEEDED || run.file() == null) {
            throw new Refused("run " + run.id() + " did not produce a backup (" + run.status() + ")", false);
        }
        Optional<TargetLock> lock;
        try {
            lock = store.tryLock(target.name());
        } catch (IOException e) {
            throw new Refused("cannot lock target '" + target.name() + "': " + e.getMessage(), false);
        }
        if (lock.isEmpty()) {
            throw new Refused("target '" + target.name() + "' is being backed up right now; verify when the run has ended", false);
        }
        try (TargetLock held = lock.get()) {
            List<Verification> results = new ArrayList<>();
            for (String file : run.file().split(BackupOutcome.FILE_SEPARATOR)) {
                results.add(verifier.verify(target, file, run.id(), level));
                if (level == Level.FULL && checkRemote) {
                    remote.flatMap(r -> r.verify(target, file, run.id())).ifPresent(results::add);
                }
            }
            return results;
        }
    }
}
