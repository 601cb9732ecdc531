package io.backstop.api;

import io.backstop.Refused;
import io.backstop.verify.Level;
import io.backstop.verify.VerificationJob;
import io.backstop.verify.VerificationService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;

/**
 * {@code POST /api/verify} (every target's newest good backup) and {@code POST /api/verify/{target or run id}}, with
 * {@code ?full=true} for the full level: accepted with 202 and checked in the background; {@code GET
 * /api/verify/jobs/{id}} follows the job. Guarded like every POST by {@link ApiKeyFilter}.
 */
@Controller("/api/verify")
@ExecuteOn(TaskExecutors.BLOCKING)
public class VerifyController {
    private final VerificationService verifications;

    public VerifyController(VerificationService verifications) {
        this.verifications = verifications;
    }

    @Post
    public HttpResponse<VerificationJob> all(@QueryValue(defaultValue = "false") boolean full) {
        return start(null, full);
    }

    @Post("/{what}")
    public HttpResponse<VerificationJob> one(String what, @QueryValue(defaultValue = "false") boolean full) {
        return start(what, full);
    }

    @Get("/jobs/{id}")
    public VerificationJob job(String id) {
        return verifications.job(id).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND,
                "no verification job " + id + " (the daemon keeps its last 50 jobs until it restarts)"));
    }

    private HttpResponse<VerificationJob> start(String what, boolean full) {
        try {
            VerificationJob job = verifications.start(what, full ? Level.FULL : Level.QUICK);
            return HttpResponse.<VerificationJob>status(HttpStatus.ACCEPTED).body(job)
                    .headers(h -> h.location(URI.create("/api/verify/jobs/" + job.id())));
        } catch (Refused e) {
            throw new HttpStatusException(e.unknown() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, e.getMessage());
        }
    }
}
