package io.backstop.api;

import io.backstop.catalog.Verification;
import io.backstop.verify.Level;
import io.backstop.verify.VerificationService;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;

/**
 * {@code POST /api/verify} (every target's newest good backup) and {@code POST /api/verify/{target or run id}}, with
 * {@code ?full=true} for the full level: answered when it is done. Guarded like every POST by {@link ApiKeyFilter}.
 */
@Controller("/api/verify")
@ExecuteOn(TaskExecutors.BLOCKING)
public class VerifyController {
    private final VerificationService verifications;

    public VerifyController(VerificationService verifications) {
        this.verifications = verifications;
    }

    @Post
    public List<Verification> all(@QueryValue(defaultValue = "false") boolean full) {
        return verify(null, full);
    }

    @Post("/{what}")
    public List<Verification> one(String what, @QueryValue(defaultValue = "false") boolean full) {
        return verify(what, full);
    }

    private List<Verification> verify(String what, boolean full) {
        try {
            return verifications.verify(what, full ? Level.FULL : Level.QUICK);
        } catch (VerificationService.Refused e) {
            throw new HttpStatusException(e.unknown() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, e.getMessage());
        }
    }
}
