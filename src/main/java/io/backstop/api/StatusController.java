package io.backstop.api;

import io.backstop.status.StatusReport;
import io.backstop.status.StatusService;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** {@code GET /api/status}: what {@code backstop status} prints, for the CLI and for scripts. */
@Controller("/api/status")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatusController {
    private final StatusService status;

    public StatusController(StatusService status) {
        this.status = status;
    }

    @Get
    public StatusReport get() {
        return status.report();
    }
}
