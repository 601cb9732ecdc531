package io.backstop.api;

import io.backstop.Refused;
import io.backstop.catalog.BackupRun;
import io.backstop.catalog.Catalog;
import io.backstop.config.Target;
import io.backstop.config.Targets;
import io.backstop.catalog.RunMarks;
import io.backstop.control.Pauses;
import io.backstop.control.RunControls;
import io.backstop.schedule.AlreadyRunningException;
import io.backstop.schedule.CatalogUnavailableException;
import io.backstop.schedule.RunCoordinator;
import io.backstop.schedule.Trigger;
import io.backstop.status.ListedRun;
import io.backstop.status.RunDetails;
import io.backstop.status.RunListing;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

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
    private final RunListing listing;
    private final Pauses pauses;
    private final RunControls controls;

    public BackupController(Targets targets, RunCoordinator coordinator, Catalog catalog, RunListing listing, Pauses pauses,
                            RunControls controls) {
        this.controls = controls;
        this.pauses = pauses;
        this.targets = targets;
        this.coordinator = coordinator;
        this.catalog = catalog;
        this.listing = listing;
    }

    /** Runs every target; 409 only when every one of them was already running. */
    @Post
    public HttpResponse<TriggerResponse> runAll() {
        List<TriggerResponse.StartedRun> started = new ArrayList<>();
        List<String> busy = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Target target : targets.all()) {
            try {
                started.add(new TriggerResponse.StartedRun(target.name(), coordinator.submit(target, Trigger.API).id()));
                pauses.manualRunNote(target.name()).ifPresent(notes::add);
            } catch (AlreadyRunningException e) {
                busy.add(target.name());
                refused.add(e.getMessage());
            } catch (CatalogUnavailableException e) {
                throw new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
            }
        }
        if (started.isEmpty() && !busy.isEmpty()) {
            throw new HttpStatusException(HttpStatus.CONFLICT, String.join("; ", refused));
        }
        return HttpResponse.accepted().body(new TriggerResponse(started, busy, refused, notes));
    }

    @Post("/{target}")
    public HttpResponse<TriggerResponse> runOne(String target) {
        Target t = targets.find(target).orElseThrow(() -> unknownTarget(target));
        try {
            BackupRun run = coordinator.submit(t, Trigger.API);
            return HttpResponse.accepted().body(new TriggerResponse(List.of(new TriggerResponse.StartedRun(t.name(), run.id())),
                    List.of(), List.of(), pauses.manualRunNote(t.name()).stream().toList()));
        } catch (AlreadyRunningException e) {
            throw new HttpStatusException(HttpStatus.CONFLICT, e.getMessage());
        } catch (CatalogUnavailableException e) {
            throw new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
    }

    /** Newest first, each with where its files are now. */
    @Get
    public List<ListedRun> list(@QueryValue @Nullable String target, @QueryValue @Nullable Integer limit) {
        if (target != null && targets.find(target).isEmpty()) {
            throw unknownTarget(target);
        }
        int n = limit == null ? MAX_LISTED : limit;
        if (n < 1 || n > MAX_LISTED) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "limit must be 1.." + MAX_LISTED + ", was " + n);
        }
        return listing.recent(target, n);
    }

    /** The id is taken as text so that a malformed one is a 400 that says so, not a 405 from the router. */
    @Get("/{id}")
    public RunDetails get(String id) {
        long runId = runId(id);
        BackupRun run = catalog.find(runId).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "no run with id " + id));
        return new RunDetails(run, catalog.verificationsOf(runId));
    }

    @Post("/{id}/pin")
    public RunMarks pin(String id) {
        return control(() -> controls.pin(runId(id), true));
    }

    @Post("/{id}/unpin")
    public RunMarks unpin(String id) {
        return control(() -> controls.pin(runId(id), false));
    }

    @Serdeable
    public record Annotation(@Nullable String label, @Nullable String note) {
    }

    @Post("/{id}/annotate")
    public RunMarks annotate(String id, @Body Annotation annotation) {
        return control(() -> controls.annotate(runId(id), annotation.label(), annotation.note()));
    }

    /** @param where {@code local}, {@code remote} or {@code everywhere} (default) */
    @Delete("/{id}")
    public List<String> delete(String id, @QueryValue @Nullable String where, @QueryValue(defaultValue = "false") boolean force,
                               @QueryValue @Nullable String reason) {
        RunControls.Where place;
        try {
            place = where == null ? RunControls.Where.EVERYWHERE : RunControls.Where.valueOf(where.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "where: local, remote or everywhere, was '" + where + "'");
        }
        return control(() -> controls.delete(runId(id), place, force, reason));
    }

    private interface Control<T> {
        T apply() throws Refused;
    }

    private static <T> T control(Control<T> control) {
        try {
            return control.apply();
        } catch (Refused e) {
            throw new HttpStatusException(e.unknown() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, e.getMessage());
        }
    }

    private static long runId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "malformed run id '" + id + "': a run id is a whole number");
        }
    }


    private HttpStatusException unknownTarget(String name) {
        return new HttpStatusException(HttpStatus.NOT_FOUND, "unknown target '" + name + "'; configured: "
                + targets.all().stream().map(Target::name).toList());
    }
}
