package io.backstop.api;

import io.backstop.catalog.Verification;
import io.backstop.verify.VerificationService;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;

/**
 * {@code POST /api/verify} (every target's newest good backup) and {@code POST /api/verify/{target or run id}}: the
 * quick verification, answered when it is done. Guarded like every POST by {@link ApiKeyFilter}.
 */
@Controller("/api/verify")
@ExecuteOn(TaskExecutors.BLOCKING)
public class VerifyController {
    private final VerificationService verifications;

    public VerifyController(VerificationService verifications) {
        this.verifications = verifications;
    }

    @Post
    public List<Verification> all() {
        return verify(null);
    }

    @Post("/{what}")
    public List<Verification> one(String what) {
        return verify(what);
    }

    private List<Verification> verify(String what) {
        try {
            return verifications.verify(what);
        } catch (VerificationService.Refused e) {
            throw new HttpStatusException(e.unknown() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, e.getMessage());
        }
    }
}
