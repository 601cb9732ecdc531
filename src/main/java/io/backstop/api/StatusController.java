package io.backstop.api;

import io.backstop.status.StatusReport;
import io.backstop.status.StatusService;
import io.micronaut.http.HttpResponse;
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

    /** The upload queue only, cheap to answer: {@code backstop list} prints it below the runs. 204 when S3 is off. */
    @Get("/offsite")
    public HttpResponse<StatusReport.Offsite> offsite() {
        return status.offsite().map(HttpResponse::ok).orElseGet(HttpResponse::noContent);
    }
}
