package io.backstop.api;

import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.schedule.AlreadyRunningException;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.ArrayList;
import java.util.List;

/** Triggers runs and reads the catalog. Mutating routes are guarded by {@link ApiKeyFilter}. */
@Controller("/api/backups")
@ExecuteOn(TaskExecutors.BLOCKING)
public class BackupController {
    static final int MAX_LISTED = 500;

    private final Targets targets;
    private final RunCoordinator coordinator;
    private final Catalog catalog;

    public BackupController(Targets targets, RunCoordinator coordinator, Catalog catalog) {
        this.targets = targets;
        this.coordinator = coordinator;
        this.catalog = catalog;
    }

    /** Runs every target; 409 only when every one of them was already running. */
    @Post
    public HttpResponse<TriggerResponse> runAll() {
        List<TriggerResponse.StartedRun> started = new ArrayList<>();
        List<String> busy = new ArrayList<>();
        for (Target target : targets.all()) {
            try {
                started.add(new TriggerResponse.StartedRun(target.name(), coordinator.submit(target, Trigger.API).id()));
            } catch (AlreadyRunningException e) {
                busy.add(target.name());
            }
        }
        if (started.isEmpty() && !busy.isEmpty()) {
            throw new HttpStatusException(HttpStatus.CONFLICT, "every target is already running: " + busy);
        }
        return HttpResponse.accepted().body(new TriggerResponse(started, busy));
    }

    @Post("/{target}")
    public HttpResponse<TriggerResponse> runOne(String target) {
        Target t = targets.find(target).orElseThrow(() -> unknownTarget(target));
        try {
            BackupRun run = coordinator.submit(t, Trigger.API);
            return HttpResponse.accepted().body(
                    new TriggerResponse(List.of(new TriggerResponse.StartedRun(t.name(), run.id())), List.of()));
        } catch (AlreadyRunningException e) {
            throw new HttpStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    /** Newest first. */
    @Get
    public List<BackupRun> list(@QueryValue @Nullable String target) {
        if (target != null && targets.find(target).isEmpty()) {
            throw unknownTarget(target);
        }
        return catalog.recent(target, MAX_LISTED);
    }

    @Get("/{id:[0-9]+}")
    public BackupRun get(long id) {
        return catalog.find(id).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "no run with id " + id));
    }

    private HttpStatusException unknownTarget(String name) {
        return new HttpStatusException(HttpStatus.NOT_FOUND, "unknown target '" + name + "'; configured: "
                + targets.all().stream().map(Target::name).toList());
    }
}
