package io.backstop.cli;

import io.backstop.Refused;
import io.backstop.catalog.BackupRun;
import io.backstop.config.BackstopConfig;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.restore.RestoreException;
import io.backstop.restore.RestoreRequest;
import io.backstop.restore.RestoreService;
import io.backstop.run.RunRecovery;
import io.backstop.schedule.AlreadyRunningException;
import io.backstop.schedule.CatalogUnavailableException;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.status.ListedRun;
import io.backstop.status.RunListing;
import io.backstop.status.StatusReport;
import io.backstop.status.StatusService;
import io.backstop.verify.Level;
import io.backstop.catalog.Pause;
import io.backstop.catalog.RunMarks;
import io.backstop.control.Pauses;
import io.backstop.control.RunControls;
import io.backstop.verify.VerificationJob;
import io.backstop.verify.VerificationService;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI's own answers when no daemon runs: this process's configuration, on the volume it names. Every target is
 * recovered first (leftovers of killed runs), as the daemon does at start. Beans are fetched only here, so a CLI that
 * talks to a daemon needs no configuration of its own.
 */
@Singleton
class LocalBackstop implements Backstop {
    private final BeanProvider<Targets> targets;
    private final BeanProvider<BackstopConfig> config;
    private final BeanProvider<RunRecovery> recovery;
    private final BeanProvider<RunCoordinator> coordinator;
    private final BeanProvider<RunListing> listing;
    private final BeanProvider<StatusService> status;
    private final BeanProvider<RestoreService> restores;
    private final BeanProvider<VerificationService> verifications;
    private final BeanProvider<Pauses> pauses;
    private final BeanProvider<RunControls> controls;
    private boolean prepared;

    LocalBackstop(BeanProvider<Targets> targets, BeanProvider<BackstopConfig> config, BeanProvider<RunRecovery> recovery,
                  BeanProvider<RunCoordinator> coordinator, BeanProvider<RunListing> listing,
                  BeanProvider<StatusService> status, BeanProvider<RestoreService> restores,
                  BeanProvider<VerificationService> verifications, BeanProvider<Pauses> pauses,
                  BeanProvider<RunControls> controls) {
        this.controls = controls;
        this.pauses = pauses;
        this.verifications = verifications;
        this.targets = targets;
        this.config = config;
        this.recovery = recovery;
        this.coordinator = coordinator;
        this.listing = listing;
        this.status = status;
        this.restores = restores;
    }

    /** Says which settings this process uses, then recovers every target, once. */
    private Targets prepare() {
        if (!prepared) {
            System.err.println("no daemon answers on loopback (BACKUP_HTTP_PORT); using this process's own settings");
        }
        Targets all = targets.get();
        if (!prepared) {
            System.err.println("  BACKUP_DIR=" + config.get().getDir() + ", targets "
                    + all.all().stream().map(t -> t.name() + " (" + t.engine() + ")").toList());
            recovery.get().recoverAll();
            prepared = true;
        }
        return all;
    }

    @Override
    public RunResults run(@Nullable String target) throws CliFailure {
        List<Target> requested = target == null ? prepare().all() : List.of(find(target));
        List<BackupRun> finished = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Target t : requested) {
            pauses.get().manualRunNote(t.name()).ifPresent(notes::add);
            try {
                finished.add(coordinator.get().runNow(t, Trigger.CLI));
            } catch (AlreadyRunningException e) {
                refused.add(e.getMessage());
            } catch (CatalogUnavailableException e) {
                throw new CliFailure(e.getMessage(), CliFailure.FAILED);
            }
        }
        return new RunResults(finished, refused, notes);
    }

    @Override
    public List<Pause> pause(@Nullable String target, @Nullable Duration length, @Nullable String reason) throws CliFailure {
        prepare();
        try {
            return pauses.get().pause(target, length, reason);
        } catch (Refused e) {
            throw new CliFailure(e.getMessage(), CliFailure.BAD_REQUEST);
        }
    }

    @Override
    public RunMarks pin(long runId, boolean pin) throws CliFailure {
        return control(() -> controls.get().pin(runId, pin));
    }

    @Override
    public RunMarks annotate(long runId, @Nullable String label, @Nullable String note) throws CliFailure {
        return control(() -> controls.get().annotate(runId, label, note));
    }

    @Override
    public List<String> delete(long runId, RunControls.Where where, boolean force, @Nullable String reason) throws CliFailure {
        return control(() -> controls.get().delete(runId, where, force, reason));
    }

    private interface Control<T> {
        T apply() throws Refused;
    }

    private <T> T control(Control<T> control) throws CliFailure {
        prepare();
        try {
            return control.apply();
        } catch (Refused e) {
            throw new CliFailure(e.getMessage(), e.unknown() ? CliFailure.BAD_REQUEST : CliFailure.FAILED);
        }
    }

    @Override
    public List<String> resume(@Nullable String target) throws CliFailure {
        prepare();
        try {
            return pauses.get().resume(target);
        } catch (Refused e) {
            throw new CliFailure(e.getMessage(), CliFailure.BAD_REQUEST);
        }
    }

    @Override
    public List<ListedRun> list(@Nullable String target, int limit) throws CliFailure {
        if (target != null) {
            find(target);
        } else {
            prepare();
        }
        return listing.get().recent(target, limit);
    }

    @Override
    public StatusReport status() {
        prepare();
        return status.get().report();
    }

    @Override
    public StatusReport.Offsite offsite() {
        prepare();
        return status.get().offsite().orElse(null);
    }

    @Override
    public List<RestoreService.Restored> restore(RestoreRequest request) throws CliFailure {
        prepare();
        try {
            return restores.get().restoreAll(request);
        } catch (RestoreException e) {
            throw new CliFailure(e.getMessage(), CliFailure.FAILED);
        }
    }

    @Override
    public VerificationJob verify(@Nullable String what, boolean full) throws CliFailure {
        prepare();
        try {
            return verifications.get().run(what, full ? Level.FULL : Level.QUICK);
        } catch (Refused e) {
            throw new CliFailure(e.getMessage(), e.unknown() ? CliFailure.BAD_REQUEST : CliFailure.FAILED);
        }
    }

    private Target find(String name) throws CliFailure {
        Targets all = prepare();
        return all.find(name).orElseThrow(() -> new CliFailure("unknown target '" + name + "'; configured: "
                + all.all().stream().map(Target::name).toList(), CliFailure.BAD_REQUEST));
    }
}
