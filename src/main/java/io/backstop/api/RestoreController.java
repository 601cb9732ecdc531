package io.backstop.api;

import io.backstop.restore.RestoreException;
import io.backstop.restore.RestoreRequest;
import io.backstop.restore.RestoreService;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;

/**
 * {@code POST /api/restores}: what {@code backstop restore} does, carried out by the daemon so that the CLI restores
 * with the daemon's configuration and catalog. Guarded like every POST by {@link ApiKeyFilter}.
 */
@Controller("/api/restores")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RestoreController {
    private final RestoreService restores;

    public RestoreController(RestoreService restores) {
        this.restores = restores;
    }

    @Post
    public List<RestoreService.Restored> restore(@Body RestoreRequest request) {
        if (request.backup() == null || request.backup().isBlank()) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "backup: a run id or a backup file is required");
        }
        try {
            return restores.restoreAll(request);
        } catch (RestoreException e) {
            throw new HttpStatusException(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
        }
    }
}
